import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { output } from '../../src/cli/output.js';
import { writeStructured } from '../../src/cli/structured-output.js';

// -o json and -o yaml print the same document; what a hostile cluster put in its strings never reaches the
// terminal raw.
describe('writeStructured', () => {
  const doc = { pod: 'web-1', reason: 'evil\u001b]0;pwned\u0007 \u009b2J \u202eoverride', rows: [{ n: 1 }] };

  it.each([{ format: 'json' as const }, { format: 'yaml' as const }])('$format: the same document back, no raw control', async ({ format }) => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeStructured(output({ stdout, stderr: new PassThrough() }), doc, format);
    const text = Buffer.concat(chunks).toString('utf8');
    for (const raw of ['\u001b', '\u0007', '\u009b', '\u202e']) expect(text).not.toContain(raw);
    const back = format === 'json' ? (JSON.parse(text) as typeof doc) : (parse(text) as typeof doc);
    expect(back.pod).toBe('web-1');
    expect(back.rows).toEqual([{ n: 1 }]);
    expect(back.reason.startsWith('evil\u001b]0;pwned\u0007')).toBe(true);
  });
});
