import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/help.js';
import { FLAGS } from '../../src/cli/parse-argv.js';
import { SUBCOMMAND_NAMES, SUBCOMMANDS } from '../../src/cli/subcommands.js';

describe('helpText', () => {
  const text = helpText('1.2.3');

  it.each(SUBCOMMAND_NAMES.map((name) => ({ name, row: SUBCOMMANDS[name] })))('$name: its usage lines shown unless hidden', ({ name, row }) => {
    expect(text.includes(`cg-debug ${name}`)).toBe(row.hidden !== true);
    for (const [usage, summary] of row.help) {
      expect(text).toContain(`cg-debug ${usage}`);
      expect(text).toContain(summary.split('\n')[0]);
    }
  });

  it.each(Object.keys(FLAGS).map((name) => ({ name })))('--$name is documented', ({ name }) => {
    expect(text).toMatch(new RegExp(`--${name}\\b`));
  });
});
