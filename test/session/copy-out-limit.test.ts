// N12: a file's tar stream is bounded by what the probe saw; past it, nothing more reaches this machine's
// disk and the copy fails, naming both sizes.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ContainerFailedError } from '../../src/core/errors.js';
import { copyOut, streamLimit } from '../../src/session/copy-files.js';
import type { DebugExec } from '../../src/session/debug-exec.js';

/** The probe says /app/x is a 10-byte file; the pack then sends `bytes` bytes. */
function hostile(bytes: number): DebugExec {
  return async (command, stdout) => {
    const script = command[2] ?? '';
    if (script.includes('noroot')) {
      stdout.end(command.slice(5).map((p) => (p === '/app/x' ? 'file\0r:10\0' : 'dir\0rx\0')).join(''));
      return { exitCode: 0, stderr: '' };
    }
    const chunk = Buffer.alloc(1024 * 1024);
    for (let left = bytes; left > 0; left -= chunk.length) {
      await new Promise<void>((resolve) => stdout.write(left >= chunk.length ? chunk : chunk.subarray(0, left), () => resolve()));
    }
    stdout.end();
    return { exitCode: 0, stderr: '' };
  };
}

function counting(): { sink: Writable; bytes: () => number; ended: () => boolean } {
  let n = 0;
  let ended = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      n += chunk.length;
      callback();
    },
    final(callback) {
      ended = true;
      callback();
    },
  });
  return { sink, bytes: () => n, ended: () => ended };
}

describe('copyOut of a file', () => {
  it('refuses a stream far larger than the file, keeping what reaches the local side bounded', async () => {
    const local = counting();
    const error = await copyOut(hostile(streamLimit(10) + 4 * 1024 * 1024), '/app/x', local.sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerFailedError);
    expect((error as Error).message).toMatch(/sent more than 64 MiB for \/app\/x, a file of 10 B/);
    expect(local.bytes()).toBeLessThanOrEqual(streamLimit(10));
    expect(local.ended()).toBe(true);
  });

  it('passes a stream within the bound', async () => {
    const local = counting();
    await expect(copyOut(hostile(10240), '/app/x', local.sink)).resolves.toMatchObject({ entry: 'x' });
    expect(local.bytes()).toBe(10240);
  });
});
