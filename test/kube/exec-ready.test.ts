import { describe, expect, it } from 'vitest';
import { ConfigError, ContainerFailedError, DisconnectedError, ForbiddenError, ImagePullError, InterruptedError, TimeoutError, UnreachableError } from '../../src/core/errors.js';
import { ExecNotReadyError, notReadyError, REPORTED_INTERVAL_MS, REPORTED_WINDOW_MS, retryWhileStarting, statusRefusal, UNREPORTED_INTERVAL_MS } from '../../src/kube/exec-ready.js';

const starting = () => new ExecNotReadyError('not running: container not found', 'container-starting');
const podUnknown = () => notReadyError('cg-debug-x', 'pod-unknown', 'Internal error occurred: unable to upgrade connection: pod does not exist');
const TARGET = { namespace: 'shop', pod: 'web-1', container: 'cg-debug-x', node: 'node-a' };
const upgrade500 = () => Object.assign(new Error('Unexpected server response: 500'), {});
const never = new Promise<never>(() => undefined);

/** An attempt that fails with each of `errors` in turn, then resolves 'ok'. */
function attempts(errors: (() => Error)[]) {
  let calls = 0;
  return {
    run: async () => {
      const make = errors[calls++];
      if (make) throw make();
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('retryWhileStarting', () => {
  it.each([
    { name: 'succeeds at once', input: [], want: { result: 'ok', calls: 1 } },
    { name: 'retries the kubelet status "container not found"', input: [starting, starting], want: { result: 'ok', calls: 3 } },
    { name: 'retries an upgrade refused with HTTP 500', input: [upgrade500], want: { result: 'ok', calls: 2 } },
    { name: 'retries "pod does not exist" from a restarted kubelet', input: [podUnknown, podUnknown, starting], want: { result: 'ok', calls: 4 } },
  ])('$name', async ({ input, want }) => {
    const attempt = attempts(input);
    const retry = retryWhileStarting({ failed: never, signal: new AbortController().signal, delay: async () => undefined });
    expect(await retry(attempt.run)).toBe(want.result);
    expect(attempt.calls()).toBe(want.calls);
  });

  it('does not retry other errors', async () => {
    const attempt = attempts([() => new ContainerFailedError('the command could not run')]);
    const retry = retryWhileStarting({ failed: never, signal: new AbortController().signal, delay: async () => undefined });
    await expect(retry(attempt.run)).rejects.toThrow(/could not run/);
    expect(attempt.calls()).toBe(1);
  });

  it('stops with the status watch error (image pull) while waiting between attempts', async () => {
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const retry = retryWhileStarting({ failed, signal: new AbortController().signal, delay: () => new Promise(() => undefined) });
    const attempt = attempts([starting, starting, starting]);
    const result = retry(attempt.run);
    fail(new ImagePullError('cannot pull reg/app:1-dev: ErrImagePull'));
    await expect(result).rejects.toBeInstanceOf(ImagePullError);
    expect(attempt.calls()).toBe(1);
  });

  it.each([
    { name: 'the pull failure is known when the exec fails', failAfterMs: 0 },
    { name: 'the exec fails first, the pull failure follows', failAfterMs: 30 },
  ])('an exec error that is not "starting" yields to the image pull failure: $name', async ({ failAfterMs }) => {
    const failed = new Promise<never>((_, reject) => setTimeout(() => reject(new ImagePullError('cannot pull reg/app:1-dev: ErrImagePull')), failAfterMs));
    failed.catch(() => undefined);
    const waitingToStart = () => new ContainerFailedError('the command could not run: container is waiting to start: ErrImagePull');
    const attempt = attempts([waitingToStart]);
    if (failAfterMs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const retry = retryWhileStarting({ failed, signal: new AbortController().signal, delay: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1_000))) });
    await expect(retry(attempt.run)).rejects.toBeInstanceOf(ImagePullError);
  });

  it.each([
    { name: 'pods/exec forbidden (403)', error: () => new ForbiddenError('cannot create pods/exec in namespace shop', { verb: 'create', resource: 'pods/exec', namespace: 'shop' }) },
    { name: 'credentials rejected (401)', error: () => new ConfigError('the API server rejected the credentials (expired or invalid)') },
  ])('$name is the answer at once, even with the pull failure already known', async ({ error }) => {
    const failed = Promise.reject(new ImagePullError('cannot pull reg/app:1-dev: ErrImagePull'));
    failed.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const retry = retryWhileStarting({ failed, signal: new AbortController().signal, delay: () => new Promise(() => undefined) });
    const got = await retry(attempts([error]).run).catch((e: unknown) => e);
    expect(got).toEqual(error());
    expect((got as Error).constructor).toBe(error().constructor);
  });

  it('a connection lost while the container starts: exit 75 saying a rerun reattaches, not retried', async () => {
    const attempt = attempts([() => new DisconnectedError('lost the connection before the command finished (connection closed (code 1006))')]);
    const retry = retryWhileStarting({ failed: never, signal: new AbortController().signal, statusGraceMs: 1, delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
    const error = await retry(attempt.run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).exitCode).toBe(75);
    expect((error as DisconnectedError).message).toBe('lost the API server while the debug container started: lost the connection before the command finished (connection closed (code 1006))');
    expect((error as DisconnectedError).hint).toMatch(/it reattaches$/);
    expect(attempt.calls()).toBe(1);
  });

  it('an exec error once the status says running is the answer, at once', async () => {
    const attempt = attempts([() => new ContainerFailedError('the command could not run')]);
    const retry = retryWhileStarting({ failed: never, running: Promise.resolve(), signal: new AbortController().signal, delay: () => new Promise(() => undefined) });
    await expect(retry(attempt.run)).rejects.toThrow(/could not run/);
  });

  it('retries while the API server cannot be reached (restarting)', async () => {
    const down = () => new UnreachableError('cannot reach https://127.0.0.1:6443 (ECONNREFUSED)');
    const attempt = attempts([starting, down, down, starting]);
    const retry = retryWhileStarting({ failed: never, signal: new AbortController().signal, delay: async () => undefined });
    expect(await retry(attempt.run)).toBe('ok');
    expect(attempt.calls()).toBe(5);
  });

  it('the API server still unreachable at the deadline: a lost connection (exit 75), not a timeout', async () => {
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    let calls = 0;
    const down = async () => {
      if (calls++ === 0) throw starting();
      throw new UnreachableError('cannot reach https://127.0.0.1:6443 (ECONNREFUSED)');
    };
    const retry = retryWhileStarting({ failed, signal: new AbortController().signal, delay: () => new Promise((resolve) => setTimeout(resolve, 1)) });
    const result = retry(down);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBeGreaterThan(2);
    fail(new TimeoutError('debug container "cg-debug-x" did not start within 120s'));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).exitCode).toBe(75);
    expect((error as DisconnectedError).message).toBe('lost the API server while the debug container started (cannot reach https://127.0.0.1:6443 (ECONNREFUSED))');
  });

  it('an abort ends the retrying as an interruption', async () => {
    const controller = new AbortController();
    controller.abort();
    const retry = retryWhileStarting({ failed: never, signal: controller.signal, delay: async () => undefined });
    await expect(retry(attempts([starting]).run)).rejects.toBeInstanceOf(InterruptedError);
  });

  // A running container's exec is retried with a `failed` that never rejects (connect-debug.ts): only the
  // signal can end a pause, and a kubelet that is away makes each pause ten intervals long. The next
  // attempt then sees the signal first, as execInteractive and execCommand do, and says so.
  it.each([
    { name: 'the kubelet does not know the pod (a long pause)', error: podUnknown },
    { name: 'the container is not running yet', error: starting },
  ])('Ctrl-C during a pause between attempts ends the retrying at once: $name', async ({ error }) => {
    const controller = new AbortController();
    let paused: () => void = () => undefined;
    const pausing = new Promise<void>((resolve) => (paused = resolve));
    const delay = () => {
      paused();
      return new Promise<void>(() => undefined);
    };
    let calls = 0;
    const attempt = async () => {
      calls++;
      if (controller.signal.aborted) throw new InterruptedError('interrupted before the command started');
      throw error();
    };
    const retry = retryWhileStarting({ failed: never, running: Promise.resolve(), signal: controller.signal, delay });
    const result = retry(attempt);
    await pausing;
    controller.abort();
    await expect(result).rejects.toBeInstanceOf(InterruptedError);
    expect(calls).toBe(2);
  });
});

describe('the attempts\' cadence around the kubelet\'s report of the container', () => {
  /** Three "starting" refusals, then success; the pauses asked for. The clock moves 100 ms per attempt. */
  async function pauses(input: { reported: 'none' | 'never' | 'after-1st' | 'before'; intervalMs?: number }): Promise<number[]> {
    const asked: number[] = [];
    let clock = 0;
    let report: () => void = () => undefined;
    const reported = new Promise<void>((resolve) => (report = resolve));
    if (input.reported === 'before') report();
    let calls = 0;
    const attempt = async () => {
      calls++;
      clock += 100;
      if (calls === 1 && input.reported === 'after-1st') report();
      if (calls <= 3) throw starting();
      return 'ok';
    };
    const retry = retryWhileStarting({
      failed: never,
      signal: new AbortController().signal,
      ...(input.reported === 'none' ? {} : { reported }),
      ...(input.intervalMs ? { intervalMs: input.intervalMs } : {}),
      now: () => clock,
      delay: async (ms) => {
        asked.push(ms);
      },
    });
    expect(await retry(attempt)).toBe('ok');
    return asked;
  }

  it.each([
    { name: 'no report awaited (a running container): the plain interval', input: { reported: 'none' as const, intervalMs: 40 }, want: [40, 40, 40] },
    { name: 'the kubelet has not reported the container: the slower pause', input: { reported: 'never' as const }, want: [UNREPORTED_INTERVAL_MS, UNREPORTED_INTERVAL_MS, UNREPORTED_INTERVAL_MS] },
    { name: 'reported before the first refusal: short pauses', input: { reported: 'before' as const }, want: [REPORTED_INTERVAL_MS, REPORTED_INTERVAL_MS, REPORTED_INTERVAL_MS] },
    { name: 'reported during the first attempt: short pauses from then on', input: { reported: 'after-1st' as const }, want: [REPORTED_INTERVAL_MS, REPORTED_INTERVAL_MS, REPORTED_INTERVAL_MS] },
  ])('$name', async ({ input, want }) => {
    expect(await pauses(input)).toEqual(want);
  });

  it('the short pauses last REPORTED_WINDOW_MS after the report, then the plain interval (an image pull is not hurried)', async () => {
    const asked: number[] = [];
    let clock = 0;
    let calls = 0;
    const attempt = async () => {
      if (++calls <= 4) throw starting();
      return 'ok';
    };
    const retry = retryWhileStarting({
      failed: never,
      signal: new AbortController().signal,
      reported: Promise.resolve(),
      now: () => clock,
      delay: async (ms) => {
        asked.push(ms);
        clock += REPORTED_WINDOW_MS / 2;
      },
    });
    expect(await retry(attempt)).toBe('ok');
    expect(asked).toEqual([REPORTED_INTERVAL_MS, REPORTED_INTERVAL_MS, 50, 50]);
  });

  it.each([
    { name: 'the kubelet\'s first report of the container', wake: 'reported' as const },
    { name: 'the status saying the container runs', wake: 'running' as const },
  ])('$name ends a pause at once', async ({ wake }) => {
    let fire: () => void = () => undefined;
    const signal = new Promise<void>((resolve) => (fire = resolve));
    const attempt = attempts([starting]);
    const retry = retryWhileStarting({
      failed: never,
      signal: new AbortController().signal,
      reported: wake === 'reported' ? signal : new Promise(() => undefined),
      running: wake === 'running' ? signal : new Promise(() => undefined),
      // A pause that would never end by itself.
      delay: () => new Promise(() => undefined),
    });
    const result = retry(attempt.run);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(attempt.calls()).toBe(1);
    fire();
    expect(await result).toBe('ok');
    expect(attempt.calls()).toBe(2);
  });
});

describe('statusRefusal', () => {
  it.each([
    { name: 'container not found', input: { status: 'Failure', code: 500, message: 'Internal error occurred: unable to upgrade connection: container not found ("cg-debug-x")' }, want: 'container-starting' },
    { name: 'pod does not exist', input: { status: 'Failure', code: 500, message: 'Internal error occurred: unable to upgrade connection: pod does not exist' }, want: 'pod-unknown' },
    { name: 'a non-zero exit', input: { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code' }, want: 'failure' },
    { name: 'success', input: { status: 'Success' }, want: 'failure' },
    { name: 'another internal error', input: { status: 'Failure', code: 500, message: 'exec failed: no such file' }, want: 'failure' },
  ])('$name', ({ input, want }) => {
    expect(statusRefusal(input)).toBe(want);
  });
});

describe('a kubelet that does not know the pod (restarted)', () => {
  it('is retried until --timeout, then exit 75 naming the node and saying a rerun reattaches', async () => {
    const attempt = attempts(Array.from({ length: 10_000 }, () => podUnknown));
    const retry = retryWhileStarting({
      failed: never,
      running: Promise.resolve(),
      signal: new AbortController().signal,
      timeoutMs: 30,
      target: TARGET,
      delay: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2))),
    });
    const error = await retry(attempt.run).catch((e: unknown) => e);
    expect(attempt.calls()).toBeGreaterThan(1);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).exitCode).toBe(75);
    expect((error as DisconnectedError).message).toMatch(/^the kubelet of node node-a did not know pod shop\/web-1 before the deadline: it restarted and has not synced the pod yet/);
    expect((error as DisconnectedError).hint).toBe('cg-debug-x was added and keeps running: once the node is Ready again (kubectl get node node-a), run cg-debug again, it reattaches');
  });

  it('the start wait timing out while the kubelet does not know the pod: the same exit 75', async () => {
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const attempt = attempts(Array.from({ length: 10_000 }, () => podUnknown));
    const retry = retryWhileStarting({ failed, signal: new AbortController().signal, target: TARGET, delay: () => new Promise((resolve) => setTimeout(resolve, 1)) });
    const result = retry(attempt.run);
    await new Promise((resolve) => setTimeout(resolve, 10));
    fail(new TimeoutError('debug container "cg-debug-x" did not start within 120s'));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).message).toMatch(/did not know pod shop\/web-1/);
  });

  it('a container that never runs: a timeout (73) at the deadline, not a kubelet message', async () => {
    const attempt = attempts(Array.from({ length: 10_000 }, () => starting));
    const retry = retryWhileStarting({ failed: never, running: Promise.resolve(), signal: new AbortController().signal, timeoutMs: 20, target: TARGET, delay: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2))) });
    const error = await retry(attempt.run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/^could not exec into cg-debug-x in pod shop\/web-1 within 0s: not running: container not found$/);
  });

  it.each([
    { name: 'command not found', error: () => new ContainerFailedError('the command could not run: exec: "nosuch": executable file not found in $PATH') },
    { name: 'permission denied', error: () => new ContainerFailedError('the command could not run: exec: "/bin/sh": permission denied') },
  ])('a real failure after a restart is the answer at once: $name', async ({ error }) => {
    const attempt = attempts([podUnknown, error]);
    const retry = retryWhileStarting({ failed: never, running: Promise.resolve(), signal: new AbortController().signal, timeoutMs: 60_000, delay: async () => undefined });
    await expect(retry(attempt.run)).rejects.toEqual(error());
    expect(attempt.calls()).toBe(2);
  });
});
