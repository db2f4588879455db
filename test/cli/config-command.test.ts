// `cg-debug config`'s audit lines: where the log goes, or why it goes nowhere.
import { describe, expect, it } from 'vitest';
import { formatConfig } from '../../src/cli/config-command.js';
import { effectiveConfig, type LoadedConfig } from '../../src/config/effective-config.js';

const NONE: LoadedConfig = { file: { path: '/h/.config/cg-debug/config.yaml', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };

describe('formatConfig', () => {
  it.each([
    { name: 'under HOME', env: { HOME: '/h' }, want: ['audit           on  [default]', 'audit log       /h/.local/state/cg-debug/audit.jsonl  [default]'] },
    { name: 'under XDG_STATE_HOME', env: { XDG_STATE_HOME: '/s' }, want: ['audit           on  [default]', 'audit log       /s/cg-debug/audit.jsonl  [env XDG_STATE_HOME]'] },
    {
      name: 'nowhere: only relative values',
      env: { HOME: 'h', XDG_STATE_HOME: 's' },
      want: ['audit           on  [default]', 'audit log       (none: neither XDG_STATE_HOME nor HOME is an absolute path; set XDG_STATE_HOME or HOME)'],
    },
  ])('$name', ({ env, want }) => {
    const lines = formatConfig(effectiveConfig(NONE, env, {})).split('\n');
    expect(lines.filter((l) => l.startsWith('audit'))).toEqual(want);
  });
});

describe('formatConfig: the config file line', () => {
  it.each([
    { name: 'a file that exists', file: { path: '/h/c.yaml', source: 'env CG_DEBUG_CONFIG', found: true }, want: 'config file     /h/c.yaml  [env CG_DEBUG_CONFIG]' },
    { name: 'a default file that does not', file: NONE.file, want: 'config file     /h/.config/cg-debug/config.yaml (not found: defaults apply)  [default]' },
    {
      name: 'no place for one',
      file: { source: 'neither XDG_CONFIG_HOME nor HOME is an absolute path', found: false },
      want: 'config file     (none: neither XDG_CONFIG_HOME nor HOME is an absolute path; set XDG_CONFIG_HOME or HOME)',
    },
  ])('$name', ({ file, want }) => {
    const lines = formatConfig(effectiveConfig({ file, config: NONE.config }, { HOME: '/h' }, {})).split('\n');
    expect(lines[0]).toBe(want);
  });
});
