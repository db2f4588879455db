import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/help.js';
import { ExitCode } from '../../src/core/errors.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const readmeCodes = [...readme.slice(readme.indexOf('### Exit codes')).matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
const helpCodes = [...helpText('0.0.0').slice(helpText('0.0.0').indexOf('Exit codes')).matchAll(/^ {2}\s*(\d+) {2}/gm)].map((m) => Number(m[1]));

describe('exit codes', () => {
  const codes = Object.values(ExitCode).filter((code) => code !== ExitCode.ok);
  it.each(codes.map((code) => ({ code })))('$code is in the README and in --help', ({ code }) => {
    expect(readmeCodes).toContain(code);
    expect(helpCodes).toContain(code);
  });

  it('neither lists a code cg-debug does not use', () => {
    const used = new Set<number>(Object.values(ExitCode));
    expect(readmeCodes.filter((code) => !used.has(code))).toEqual([]);
    expect(helpCodes.filter((code) => !used.has(code))).toEqual([]);
  });
});
