// The README's flags reference is the user's list of what the parser accepts: every flag (and its short
// form) has a row, and no row names a flag the parser would refuse.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/cli/parse-argv.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The first cells of the table under the README's "Flags" heading. */
function flagCells(text: string): string[] {
  const start = text.search(/^#{2,3} Flags\s*$/m);
  if (start === -1) return [];
  const rest = text.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => /^#{1,3} /.test(line));
  return (end === -1 ? rest : rest.slice(0, end))
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split(' | ')[0] ?? '');
}

const cells = flagCells(readme);
const documented = new Set(cells.flatMap((cell) => [...cell.matchAll(/(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?![\w-])/g)].map((m) => m[1] ?? '')));

describe('README flags reference', () => {
  it('has a table under a "Flags" heading', () => {
    expect(cells.length).toBeGreaterThan(10);
  });

  it.each(Object.entries(FLAGS).map(([name, flag]) => ({ name, short: 'short' in flag ? flag.short : undefined })))('--$name has a row', ({ name, short }) => {
    expect(documented).toContain(`--${name}`);
    if (short) expect(cells.some((cell) => cell.includes(`-${short}, --${name}`))).toBe(true);
  });

  it('names no flag the parser refuses', () => {
    const accepted = new Set(Object.entries(FLAGS).flatMap(([name, flag]) => [`--${name}`, ...('short' in flag ? [`-${flag.short}`] : [])]));
    expect([...documented].filter((flag) => !accepted.has(flag))).toEqual([]);
  });
});
