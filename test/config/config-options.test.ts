// The config file's settings through argv validation: cg-debug config, and defaults for the other commands.
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/config-file.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';

const configFile = {
  file: { path: 'c.yaml', source: 'env CG_DEBUG_CONFIG', found: true },
  config: parseConfigFile('defaultImage: reg.corp/base:1\ndefaultProfile: baseline\nmirrors:\n  - from: reg.corp/cgr/*\n    to: cgr.dev/*\n', 'c.yaml'),
};
const env: Environment = { stdoutIsTTY: false, stdinIsTTY: false, configFile };
const options = (argv: string[], e: Environment = env) => toOptions(parseArgv(argv), e);

describe('config file settings', () => {
  it('cg-debug config: the effective settings with their sources', () => {
    const got = options(['config', '-o', 'json']);
    expect(got).toMatchObject({
      kind: 'config',
      output: 'json',
      effective: {
        defaultImage: { value: 'reg.corp/base:1', source: 'c.yaml:1' },
        defaultProfile: { value: 'baseline', source: 'c.yaml:2' },
        mirrors: [{ from: 'reg.corp/cgr/', to: 'cgr.dev/', source: 'c.yaml:4' }],
      },
    });
  });

  it.each([
    { name: 'file defaults', argv: ['dev-image', 'cgr.dev/a/b:1'], e: env, want: { mapping: { defaultImage: 'reg.corp/base:1', mirrors: [{ from: 'reg.corp/cgr/', to: 'cgr.dev/' }], devTags: [] } } },
    { name: 'env over file', argv: ['dev-image', 'cgr.dev/a/b:1'], e: { ...env, defaultImage: 'reg.corp/other:2' }, want: { mapping: { defaultImage: 'reg.corp/other:2' } } },
  ])('dev-image: $name', ({ argv, e, want }) => expect(options(argv, e)).toMatchObject(want));

  it.each([
    { name: 'the file profile is the default', argv: ['pod-1', '--dry-run'], want: 'baseline' },
    { name: 'a flag wins over the file', argv: ['pod-1', '--dry-run', '--profile', 'general'], want: 'general' },
  ])('debug: $name', ({ argv, want }) => expect(options(argv)).toMatchObject({ kind: 'debug', request: { profile: want, mapping: { defaultImage: 'reg.corp/base:1' } } }));

  it.each([
    { argv: ['config', 'extra'], want: 'config takes no arguments' },
    { argv: ['config', '--offline'], want: '--offline does not apply to config' },
    { argv: ['config', '-o', 'wide'], want: '-o wide is not supported by config' },
    { argv: ['config', '--profile', 'root'], want: 'unknown profile "root"' },
  ])('rejects $argv', ({ argv, want }) => expect(() => options(argv)).toThrow(want));
});
