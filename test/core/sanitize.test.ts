import { describe, expect, it } from 'vitest';
import { sanitizeCell, sanitizeText, terminalSafeJson, terminalSafeYaml } from '../../src/core/sanitize.js';

describe('sanitizeText', () => {
  it.each([
    { name: 'plain text is kept', input: 'web-7d9f-abcde', want: 'web-7d9f-abcde' },
    { name: 'unicode is kept', input: 'café ☕ 日本', want: 'café ☕ 日本' },
    { name: 'SGR color', input: 'a\u001b[31mred\u001b[0mb', want: 'aredb' },
    { name: 'cursor movement', input: 'x\u001b[2J\u001b[10;20Hy', want: 'xy' },
    { name: 'private mode (alt screen)', input: '\u001b[?1049hz', want: 'z' },
    { name: 'OSC title with BEL', input: 'a\u001b]0;pwned\u0007b', want: 'ab' },
    { name: 'OSC hyperlink with ST', input: '\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', want: 'link' },
    { name: 'DCS to ST', input: 'a\u001bPq#0;2;0;0;0\u001b\\b', want: 'ab' },
    { name: 'unterminated OSC eats the rest', input: 'a\u001b]0;title', want: 'a' },
    { name: 'two-byte escape', input: 'a\u001bcb\u001b(Bc', want: 'abc' },
    { name: 'lone ESC at the end', input: 'abc\u001b', want: 'abc' },
    { name: '8-bit CSI', input: 'a\u009b31mb', want: 'ab' },
    { name: '8-bit OSC with 8-bit ST', input: 'a\u009d0;t\u009cb', want: 'ab' },
    { name: 'C0 controls removed', input: 'a\u0000b\u0007c\u0008d', want: 'abcd' },
    { name: 'DEL and C1 removed', input: 'a\u007fb\u0085c', want: 'abc' },
    { name: 'newlines and tabs become one space', input: 'line1\r\nline2\tx', want: 'line1 line2 x' },
    { name: 'OSC 52 clipboard write', input: 'a\u001b]52;c;ZWNobyBwd25lZA==\u0007b', want: 'ab' },
    { name: 'OSC 52 with 8-bit introducer and ST', input: 'a\u009d52;c;eA==\u001b\\b', want: 'ab' },
    { name: 'screen clear and title in a message', input: 'pods "x\u001b[2J\u001b]0;owned\u0007" not found', want: 'pods "x" not found' },
    { name: 'URL password removed', input: 'cannot reach https://admin:s3cret@10.0.0.1:6443 (ECONNREFUSED)', want: 'cannot reach https://10.0.0.1:6443 (ECONNREFUSED)' },
    { name: 'URL user removed', input: 'realm http://tok@reg.corp/token', want: 'realm http://reg.corp/token' },
    { name: 'an @ in a path is kept', input: 'https://reg/v2/a@sha256:x and user@host', want: 'https://reg/v2/a@sha256:x and user@host' },
    { name: 'bidi override removed', input: 'abc\u202edef\u2066g', want: 'abcdefg' },
  ])('$name', ({ input, want }) => {
    expect(sanitizeText(input)).toBe(want);
  });

  it('never leaves an ESC or C1 byte in the output', () => {
    const nasty = Array.from({ length: 256 }, (_, i) => `\u001b${String.fromCharCode(i)}x\u009b${i};`).join('');
    // eslint-disable-next-line no-control-regex
    expect(sanitizeText(nasty)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it.each([
    { name: 'plain JSON unchanged', input: JSON.stringify({ a: 'b' }), want: '{"a":"b"}' },
    { name: 'C0 already escaped by JSON.stringify', input: JSON.stringify('\u001b[2J'), want: '"\\u001b[2J"' },
    { name: 'C1 escaped', input: JSON.stringify('a\u009b31m'), want: '"a\\u009b31m"' },
    { name: 'bidi escaped', input: JSON.stringify('a\u202eb'), want: '"a\\u202eb"' },
  ])('terminalSafeJson: $name', ({ input, want }) => {
    expect(terminalSafeJson(input)).toBe(want);
    expect(JSON.parse(terminalSafeJson(input))).toEqual(JSON.parse(input));
  });

  it.each([
    { name: 'a name is kept', input: 'web-7d9f-abcde', want: 'web-7d9f-abcde' },
    { name: 'an image reference is kept', input: 'cgr.dev/chainguard/nginx:1.25@sha256:abc', want: 'cgr.dev/chainguard/nginx:1.25@sha256:abc' },
    { name: 'escape sequences removed as sanitizeText does', input: 'a\u001b[2Jb', want: 'ab' },
    { name: 'wide characters one ? each', input: '日本:1', want: '??:1' },
    { name: 'zero-width space', input: 'ngi\u200bnx', want: 'ngi?nx' },
    { name: 'combining mark', input: 'nginx\u0301', want: 'nginx?' },
    { name: 'emoji outside the BMP is one ?', input: 'a\u{1f600}b', want: 'a?b' },
    { name: 'latin-1 letter', input: 'café', want: 'caf?' },
  ])('sanitizeCell: $name', ({ input, want }) => {
    expect(sanitizeCell(input)).toBe(want);
  });

  it('terminalSafeYaml removes bidi overrides and keeps the rest', () => {
    expect(terminalSafeYaml('pod: a\u202eb\nimage: "x\\e"\n')).toBe('pod: ab\nimage: "x\\e"\n');
  });
});
