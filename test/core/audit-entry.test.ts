import { describe, expect, it } from 'vitest';
import { auditLine, type AuditEntry } from '../../src/core/audit-entry.js';

const ENTRY: AuditEntry = {
  time: '2026-12-01T00:00:00.000Z',
  action: 'stop',
  user: 'jane',
  userSource: 'kubeconfig',
  context: 'prod',
  namespace: 'shop',
  pod: 'web',
  target: null,
  container: null,
  added: false,
  image: null,
  imageDigest: null,
  profile: null,
  uid: null,
  durationMs: 1,
  exitCode: 0,
  recorded: false,
  recordFile: null,
};

// N15: a hostile server's names go into the line: nothing in it may split the line for readers that split
// on Unicode line breaks, or act on a terminal that shows the log.
describe('auditLine', () => {
  it.each([
    { name: 'line and paragraph separators', input: 'a\u2028b\u2029c', want: 'a\\u2028b\\u2029c' },
    { name: 'NEL and other C1 controls', input: 'a\u0085b\u009b31m', want: 'a\\u0085b\\u009b31m' },
    { name: 'ESC and newline (JSON escapes them)', input: 'a\u001b]0;x\u0007\nb', want: 'a\\u001b]0;x\\u0007\\nb' },
    { name: 'bidi overrides', input: 'a\u202eb', want: 'a\\u202eb' },
  ])('$name', ({ input, want }) => {
    const line = auditLine({ ...ENTRY, stopped: [input] });
    expect(line).toContain(`"stopped":["${want}"]`);
    // eslint-disable-next-line no-control-regex -- matching controls is the point
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect((JSON.parse(line) as AuditEntry).stopped).toEqual([input]);
  });
});
