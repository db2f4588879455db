import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSeconds, parseSeconds } from '../../src/core/duration-text.js';
import { HOLDER_NAME, holderCommand, holderOf } from '../../src/core/holder.js';

describe('holderCommand', () => {
  it.each([
    { name: 'an hour', input: 3600, want: { tail: [HOLDER_NAME, 'ttl=1h', '3600'], readsWithTimeout: true } },
    { name: 'ninety minutes', input: 5400, want: { tail: [HOLDER_NAME, 'ttl=1h30m', '5400'], readsWithTimeout: true } },
    { name: 'no limit', input: 0, want: { tail: [HOLDER_NAME, 'ttl=none', '0'], readsWithTimeout: false } },
  ])('$name', ({ input, want }) => {
    const command = holderCommand(input);
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command.slice(3)).toEqual(want.tail);
    expect(command[2]?.includes('read -t')).toBe(want.readsWithTimeout);
  });

  it('is one short ps line that says what it is and its TTL', () => {
    const line = holderCommand(3600).join(' ');
    expect(line.length).toBeLessThan(80);
    expect(line).toMatch(/cg-debug-holder ttl=1h/);
  });
});

describe('holderOf', () => {
  it.each([
    { name: 'a holder', input: holderCommand(1800), want: { ttlSeconds: 1800 } },
    { name: 'a holder without TTL', input: holderCommand(0), want: { ttlSeconds: 0 } },
    { name: 'no command', input: undefined, want: undefined },
    { name: 'the attach launcher', input: ['sh', '-c', 'script', 'cg-debug', 'app', 'own'], want: undefined },
    { name: 'another script under the holder name', input: ['sh', '-c', 'rm -rf /', HOLDER_NAME, 'ttl=1h', '3600'], want: undefined },
    { name: 'a TTL that is not a number', input: [...holderCommand(60).slice(0, 5), '1e9'], want: undefined },
    { name: 'the no-TTL script with a TTL', input: [...holderCommand(0).slice(0, 5), '60'], want: undefined },
  ])('$name', ({ input, want }) => {
    expect(holderOf(input)).toEqual(want);
  });
});

describe('durations', () => {
  it.each([
    { name: 'zero', input: 0, want: '0s' },
    { name: 'seconds', input: 45, want: '45s' },
    { name: 'hours and minutes', input: 5400, want: '1h30m' },
    { name: 'all parts', input: 3661, want: '1h1m1s' },
    { name: 'a week', input: 604_800, want: '168h' },
  ])('formatSeconds: $name', ({ input, want }) => {
    expect(formatSeconds(input)).toBe(want);
  });

  it.each([
    { name: 'zero', input: '0', want: 0 },
    { name: 'minutes', input: '30m', want: 1800 },
    { name: 'combined', input: '1h30m10s', want: 5410 },
    { name: 'no unit', input: '30', want: undefined },
    { name: 'fractions', input: '1.5h', want: undefined },
    { name: 'milliseconds', input: '500ms', want: undefined },
    { name: 'empty', input: '', want: undefined },
  ])('parseSeconds: $name', ({ input, want }) => {
    expect(parseSeconds(input)).toBe(want);
  });
});

// Live: the holder under the shells of the -dev images, with a stdin nobody writes to (a pipe held open).
const shells = [
  { name: 'busybox sh', argv: ['busybox', 'sh'] },
  { name: 'bash', argv: ['bash'] },
].filter((s) => s.argv[0] !== 'busybox' || existsSync('/usr/bin/busybox') || existsSync('/bin/busybox'));

function runHolder(argv: string[], ttl: number): { out: Promise<{ out: string; code: number | null; ms: number }>; kill: () => void } {
  const [cmd = 'sh', ...pre] = argv;
  const started = Date.now();
  const child = spawn(cmd, [...pre, ...holderCommand(ttl).slice(1)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    out: new Promise((resolve) => child.on('close', (code) => resolve({ out, code, ms: Date.now() - started }))),
    kill: () => child.kill('SIGTERM'),
  };
}

describe.each(shells)('the holder under $name', ({ argv }) => {
  it('prints one line, then ends by itself with 0 when its TTL is over', async () => {
    const { out, code, ms } = await runHolder(argv, 1).out;
    expect(out).toBe(`${HOLDER_NAME} up, ttl=1s\n`);
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(900);
  });

  it('with no limit idles until a signal ends it at once', async () => {
    const run = runHolder(argv, 0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.kill();
    const { out, code, ms } = await run.out;
    expect(out).toBe(`${HOLDER_NAME} up, ttl=none\n`);
    expect(code).not.toBe(0);
    expect(ms).toBeLessThan(5000);
  });
});
