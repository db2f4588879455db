import { describe, expect, it } from 'vitest';
import { ContainerFailedError, ImagePullError, InterruptedError } from '../../src/core/errors.js';
import { ContainerStartingError, isStartingStatus, retryWhileStarting } from '../../src/kube/exec-ready.js';

const starting = () => new ContainerStartingError('not running: container not found');
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

  it('an abort ends the retrying as an interruption', async () => {
    const controller = new AbortController();
    controller.abort();
    const retry = retryWhileStarting({ failed: never, signal: controller.signal, delay: async () => undefined });
    await expect(retry(attempts([starting]).run)).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('isStartingStatus', () => {
  it.each([
    { name: 'container not found', input: { status: 'Failure', code: 500, message: 'Internal error occurred: unable to upgrade connection: container not found ("cg-debug-x")' }, want: true },
    { name: 'a non-zero exit', input: { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code' }, want: false },
    { name: 'success', input: { status: 'Success' }, want: false },
    { name: 'another internal error', input: { status: 'Failure', code: 500, message: 'exec failed: no such file' }, want: false },
  ])('$name', ({ input, want }) => {
    expect(isStartingStatus(input)).toBe(want);
  });
});
