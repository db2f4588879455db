import { describe, expect, it } from 'vitest';
import { castEvent, castHeader, castSize } from '../../src/core/asciicast.js';
import { auditLine, imageDigest } from '../../src/core/audit-entry.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('castHeader', () => {
  it.each([
    {
      name: 'a terminal with TERM',
      input: { width: 120, height: 40, startedAtMs: 1_700_000_000_999, env: { TERM: 'xterm-256color' }, title: 't' },
      want: { version: 2, width: 120, height: 40, timestamp: 1_700_000_000, env: { TERM: 'xterm-256color' }, title: 't' },
    },
    {
      name: 'no terminal size, a command',
      input: { width: Number.NaN, height: 0, startedAtMs: 0, env: {}, title: 't', command: 'ps aux' },
      want: { version: 2, width: 80, height: 24, timestamp: 0, title: 't', command: 'ps aux' },
    },
  ])('$name', ({ input, want }) => {
    const line = castHeader(input);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(want);
  });
});

describe('castEvent', () => {
  it.each([
    { name: 'output in seconds', input: [1500.25, 'o', 'hi\r\n'] as const, want: [1.50025, 'o', 'hi\r\n'] },
    { name: 'an escape sequence stays one line', input: [0, 'o', '\u001b[31m\n'] as const, want: [0, 'o', '\u001b[31m\n'] },
    { name: 'input', input: [2, 'i', 'ls\r'] as const, want: [0.002, 'i', 'ls\r'] },
    { name: 'resize', input: [10, 'r', castSize(100, 30)] as const, want: [0.01, 'r', '100x30'] },
  ])('$name', ({ input, want }) => {
    const [ms, code, data] = input;
    const line = castEvent(ms, code, data);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toEqual(want);
  });
});

describe('audit', () => {
  it.each([
    { name: 'a pinned reference', input: `cgr.dev/x@${DIGEST}`, want: DIGEST },
    { name: 'a runtime imageID', input: `docker-pullable://cgr.dev/x@${DIGEST}`, want: DIGEST },
    { name: 'a tag only', input: 'cgr.dev/x:1', want: null },
    { name: 'nothing', input: undefined, want: null },
  ])('imageDigest: $name', ({ input, want }) => {
    expect(imageDigest(input)).toBe(want);
  });

  it('a hostile pod name stays one line of data', () => {
    const line = auditLine({
      time: '2026-01-01T00:00:00.000Z', action: 'shell', user: 'u', userSource: 'kubeconfig', context: 'c', namespace: 'n',
      pod: 'p\n\u001b[2J', target: 'app', container: 'cg-debug-x', added: true, image: null, imageDigest: null,
      profile: 'restricted', uid: 65532, durationMs: 5, exitCode: 0, recorded: false, recordFile: null,
    });
    expect(line.split('\n')).toEqual([expect.not.stringContaining('\u001b'), '']);
    expect(JSON.parse(line).pod).toBe('p\n\u001b[2J');
  });
});
