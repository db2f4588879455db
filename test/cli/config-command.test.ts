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
