// A helper program (docker credential helper, kubeconfig exec plugin) runs in a process group of its own
// so that its deadline, the user's interrupt, or our own exit end it together with whatever it started:
// killing only the direct child leaves a grandchild holding the pipes open, and the wait goes on.

/** What a bounded run needs of the child: execa's result and node's ChildProcess both have a pid. */
export interface GroupLeader {
  pid?: number | undefined;
}

export interface GroupBound {
  /** True once the deadline killed the group. */
  timedOut: () => boolean;
  /** True once the signal killed the group. */
  aborted: () => boolean;
  /** Clears the timer and listeners; call when the child has ended. */
  release: () => void;
}

/**
 * Kills `child`'s process group at `timeoutMs`, on `signal`, and when this process exits. `group: false`
 * is for a child left in our own group (one that reads the terminal must stay in the foreground group):
 * then only the child itself is killed.
 */
export function boundProcessGroup(child: GroupLeader, timeoutMs: number, signal?: AbortSignal, group = true): GroupBound {
  let timedOut = false;
  let aborted = false;
  const kill = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(group ? -child.pid : child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, timeoutMs);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  // A detached group does not get the terminal's Ctrl-C and would outlive us.
  process.once('exit', kill);
  if (signal?.aborted) onAbort();
  return {
    timedOut: () => timedOut,
    aborted: () => aborted,
    release: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', kill);
    },
  };
}
