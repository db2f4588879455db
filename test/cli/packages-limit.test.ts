// N12: the pod decides how large its package database is; packages reads it up to a cap, with a clear
// error past it, instead of holding any size in memory.
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DB_LIMIT, readPackageDb } from '../../src/cli/packages-command.js';
import { ContainerFailedError } from '../../src/core/errors.js';
import { collect } from '../../src/session/debug-exec.js';

/** A debug exec whose command prints `bytes` bytes in 1 MiB chunks, then exits 0. */
function printing(bytes: number) {
  return async (_command: string[], stdout: Writable) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let left = bytes; left > 0; left -= chunk.length) {
      await new Promise<void>((resolve) => stdout.write(left >= chunk.length ? chunk : chunk.subarray(0, left), () => resolve()));
    }
    return { exitCode: 0, stderr: '' };
  };
}

describe('packages input cap', () => {
  it('a package database past the cap is refused with the size named', async () => {
    const error = await readPackageDb(printing(PACKAGE_DB_LIMIT + 1024 * 1024), 'target').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerFailedError);
    expect((error as Error).message).toBe("the target's package database is larger than 8.0 MiB");
  });

  it('collect keeps at most its limit and says it overflowed', async () => {
    const out = collect(10);
    await new Promise<void>((resolve) => out.sink.write(Buffer.alloc(8), () => resolve()));
    await new Promise<void>((resolve) => out.sink.write(Buffer.alloc(8), () => resolve()));
    expect(out.bytes()).toHaveLength(8);
    expect(out.overflowed()).toBe(true);
  });
});
