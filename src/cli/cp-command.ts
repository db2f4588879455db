import { once } from 'node:events';
import { resolve } from 'node:path';
import { formatTransfer } from '../core/byte-size.js';
import type { AuditCopy } from '../core/audit-entry.js';
import { localDestination, type LocalDestination } from '../files/local-destination.js';
import { localSource, type LocalSource } from '../files/local-source.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { copyIn, copyOut } from '../session/copy-files.js';
import { withDebugExec, type DebugExecSession } from '../session/debug-exec.js';
import { sanitizeText } from '../core/sanitize.js';
import type { Options } from './options.js';
import type { Output } from './output.js';
import { directSessionDeps } from './direct-session.js';
import { transferProgress } from './transfer-progress.js';

type CpOptions = Extract<Options, { kind: 'cp' }>;

/** The local half of a copy, opened before the pod is touched; absent for `-` (stdout or stdin). */
interface LocalSide {
  dest?: LocalDestination;
  source?: LocalSource;
}

/** `cg-debug cp`: out of the target's filesystem, or into the debug container's own; audited like a session. */
export async function runCp(options: CpOptions, { io, out }: { io: TerminalIO; out: Output }, signal: AbortSignal): Promise<number> {
  const { copy } = options;
  // A destination that cannot be written or a source that cannot be read is refused here, before a debug
  // container is added to the pod (it could never be removed).
  const local: LocalSide = copy.local === '-' ? {} : copy.kind === 'download' ? { dest: await localDestination(copy.local) } : { source: await localSource(copy.local) };
  const { deps, audit } = directSessionDeps(options, out, signal);
  const download = copy.kind === 'download';
  // The audit line names what was written: the file or directory made here (a download into a directory
  // lands under a name of its own), or the path the copy went to in the debug container. Filled in below
  // once known; a copy that failed before keeps the paths as given.
  const facts: AuditCopy = { direction: download ? 'from-pod' : 'to-pod', podPath: copy.remotePath, localPath: copy.local === '-' ? '-' : resolve(copy.local) };
  try {
    return await withDebugExec(
      deps,
      { request: options.request, where: options.where, needs: download ? 'target-files' : 'debug-container' },
      { trail: audit, action: 'cp', facts: { copy: facts } },
      (session) => copyFiles(options, { io, out }, session, local, facts),
    );
  } finally {
    // Whatever was not finished: the scratch directory, the unread source.
    await local.dest?.discard();
    local.source?.stream.destroy();
  }
}

async function copyFiles(options: CpOptions, { io, out }: { io: TerminalIO; out: Output }, session: DebugExecSession, local: LocalSide, facts: AuditCopy): Promise<number> {
  const { copy } = options;
  const progress = transferProgress(`copying ${copy.kind === 'download' ? copy.remotePath : copy.local}`, {
    redraw: (line) => out.redraw(line),
    tty: options.stderrIsTTY && !options.quiet,
    now: () => performance.now(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  });
  const summary = (text: string) => {
    if (!options.quiet) out.note(`✓ ${text}: ${formatTransfer(progress.bytes(), progress.elapsedMs())}\n`);
  };
  const pod = `${session.plan.namespace}/${session.plan.podName}`;
  try {
    if (copy.kind === 'download') {
      const from = `${pod}:${sanitizeText(copy.remotePath)}`;
      if (copy.local === '-') {
        const done = once(progress.meter.pipe(out.bytes()), 'finish');
        await copyOut(session.exec, copy.remotePath, progress.meter);
        await done;
        progress.stop();
        summary(`copied ${from} as a tar stream to stdout`);
        return 0;
      }
      const dest = local.dest as LocalDestination;
      progress.meter.pipe(dest.sink);
      const { entry, resolved } = await copyOut(session.exec, copy.remotePath, progress.meter);
      const where = await dest.finish(entry, copy.remotePath.split('/').at(-1) || session.plan.podName);
      facts.localPath = resolve(where);
      progress.stop();
      for (const left of dest.skipped()) out.note(`! not copied: ${left}\n`);
      const via = resolved.path === copy.remotePath ? '' : ` (${sanitizeText(resolved.path)} in the target)`;
      summary(`copied ${from}${via} to ${where}`);
      return 0;
    }
    const source = local.source ?? { stream: io.stdin, entry: undefined };
    // pipe() does not pass errors on: a local read error must reach the exec, which then stops.
    source.stream.once('error', (error) => progress.meter.destroy(error));
    const where = await copyIn(session.exec, source.stream.pipe(progress.meter), copy.remotePath, source.entry);
    facts.podPath = where;
    progress.stop();
    summary(
      `copied ${copy.local === '-' ? 'the tar stream' : sanitizeText(copy.local)} to ${sanitizeText(where)} in debug container ${sanitizeText(session.started.container)} ` +
        `(its own filesystem: ${sanitizeText(session.plan.target.container)}'s files are unchanged)`,
    );
    return 0;
  } finally {
    progress.stop();
  }
}
