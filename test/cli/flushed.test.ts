import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { flushed } from '../../src/cli/flushed.js';

// A real pipe to a reader that starts late, as `cg-debug cp POD:DIR - | tar x` on a busy machine. Destroying
// the socket afterwards drops what it still holds, as process.exit does.
async function bytesReadAfter(wait: (stream: NodeJS.WritableStream) => Promise<void>): Promise<number> {
  const reader = spawn('sh', ['-c', 'sleep 0.3; wc -c'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  reader.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const closed = new Promise((resolve) => reader.on('close', resolve));
  reader.stdin.on('error', () => undefined);
  reader.stdin.write(Buffer.alloc(2 * 1024 * 1024, 0x61));
  await wait(reader.stdin);
  reader.stdin.destroy();
  await closed;
  return Number(out.trim());
}

describe('flushed', () => {
  it('resolves only when a slow pipe has taken every byte', async () => {
    expect(await bytesReadAfter(flushed)).toBe(2 * 1024 * 1024);
  });

  it('is needed: without it the pipe gets only what fit at once', async () => {
    expect(await bytesReadAfter(async () => undefined)).toBeLessThan(2 * 1024 * 1024);
  });
});
