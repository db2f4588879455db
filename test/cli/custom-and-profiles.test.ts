// --custom FILE and the config file's named profiles, from argv strings through to the debug request.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigFile } from '../../src/config/config-file.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { ConfigFileError } from '../../src/core/errors.js';
import { expectText, usageErrorOf } from '../support/usage-error.js';

const FILES: Record<string, string> = {
  'env.yaml': 'env:\n  - {name: LOG_LEVEL, value: debug}\nworkingDir: /tmp\n',
  'env.json': '{"env": [{"name": "A", "value": "1"}], "imagePullPolicy": "Never"}',
  'owned.yaml': 'image: evil/image:1\n',
  'privileged.json': '{"securityContext": {"privileged": true}}',
  'broken.yaml': 'env: [\n',
};

const CONFIG = `defaultProfile: baseline
profiles:
  oncall:
    profile: general
    image: reg.corp/debug:1
    ttl: 8h
    asRoot: true
    env: [TEAM=sre]
    custom:
      env: [{name: FROM_PROFILE, value: "1"}]
  quiet-look:
    mountVolumes: ro
`;

function env(config?: string): Environment {
  return {
    stdoutIsTTY: true,
    stdinIsTTY: true,
    stateEnv: { HOME: '/home/u' },
    parseYaml: parse,
    readFile: (file) => {
      const text = FILES[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      return text;
    },
    ...(config === undefined ? {} : { configFile: { file: { path: 'c.yaml', source: 'env CG_DEBUG_CONFIG', found: true }, config: parseConfigFile(config, 'c.yaml') } }),
  };
}

const options = (line: string, e: Environment = env()) => toOptions(parseArgv(line.split(' ')), e);

describe('--custom FILE', () => {
  it.each([
    { name: 'YAML', line: 'web --custom env.yaml', want: { custom: { env: [{ name: 'LOG_LEVEL', value: 'debug' }], workingDir: '/tmp' } } },
    { name: 'JSON', line: 'web --custom env.json', want: { custom: { env: [{ name: 'A', value: '1' }], imagePullPolicy: 'Never' } } },
    { name: '--image-pull-policy wins over the file', line: 'web --custom env.json --image-pull-policy Always', want: { imagePullPolicy: 'Always', custom: { env: [{ name: 'A', value: '1' }] } } },
    { name: 'cp takes it too', line: 'cp --custom env.yaml web:/etc/os-release .', want: { custom: { workingDir: '/tmp' } } },
  ])('$name', ({ line, want }) => {
    expect((options(line) as { request: unknown }).request).toMatchObject(want);
  });

  it.each([
    { name: 'a field cg-debug owns', line: 'web --custom owned.yaml', message: "--custom owned.yaml: image is cg-debug's to set" },
    { name: 'a field the profile owns', line: 'web --custom privileged.json', message: '--custom privileged.json: securityContext.privileged is decided by the profile' },
    { name: 'not YAML', line: 'web --custom broken.yaml', message: /^--custom broken\.yaml: neither JSON nor YAML/ },
    { name: 'no such file', line: 'web --custom nope.yaml', message: '--custom nope.yaml: cannot read it (ENOENT)' },
    { name: 'on a command that adds no container', line: 'ls --custom env.yaml', message: '--custom does not apply to ls' },
  ])('refuses $name', ({ line, message }) => {
    expectText(usageErrorOf(() => options(line)).message, message);
  });
});

describe('named profiles in the config file', () => {
  it('--profile NAME: its settings as flags, its security profile, its custom spec', () => {
    expect((options('web', env(CONFIG)) as { request: unknown }).request).toMatchObject({ profile: 'baseline', asRoot: false });
    const got = options('web --profile oncall', env(CONFIG)) as unknown as { request: Record<string, unknown> };
    expect(got.request).toMatchObject({
      profile: 'general',
      image: 'reg.corp/debug:1',
      ttlSeconds: 8 * 3600,
      asRoot: true,
      env: ['TEAM=sre'],
      custom: { env: [{ name: 'FROM_PROFILE', value: '1' }] },
    });
  });

  it('the command line wins over the profile; --env adds to its variables; --custom fields over its custom', () => {
    const got = options('web --profile oncall --image reg.corp/other:2 --ttl 30m --env X=1 --custom env.yaml', env(CONFIG)) as unknown as { request: Record<string, unknown> };
    expect(got.request).toMatchObject({
      image: 'reg.corp/other:2',
      ttlSeconds: 1800,
      env: ['TEAM=sre', 'X=1'],
      custom: { env: [{ name: 'LOG_LEVEL', value: 'debug' }], workingDir: '/tmp' },
    });
  });

  it('a profile without a security profile builds on the default one', () => {
    const got = options('web --profile quiet-look', env(CONFIG)) as unknown as { request: Record<string, unknown> };
    expect(got.request).toMatchObject({ profile: 'baseline', mountVolumes: 'ro' });
  });

  it('an unknown name names both kinds', () => {
    expect(() => options('web --profile oncal', env(CONFIG))).toThrow(expect.objectContaining({ message: 'unknown profile "oncal"', hint: expect.stringMatching(/profiles:/) }) as Error);
  });

  it.each([
    { name: 'a built-in name', text: 'profiles:\n  general:\n    image: x/y:1\n', want: /^c\.yaml:2: profile name "general" is a built-in profile's/ },
    { name: "kubectl's legacy", text: 'profiles:\n  legacy: {asRoot: true}\n', want: /^c\.yaml:2: profile name "legacy" is a built-in/ },
    { name: 'an upper-case name', text: 'profiles:\n  OnCall: {asRoot: true}\n', want: /^c\.yaml:2: profile name "OnCall" must be a lower-case name/ },
    { name: 'an unknown field', text: 'profiles:\n  oncall:\n    imag: x/y:1\n', want: /^c\.yaml:3: unknown field "imag" in a profile/ },
    { name: 'an owned custom field', text: 'profiles:\n  oncall:\n    custom: {command: [sh]}\n', want: /^c\.yaml:3: custom: command is cg-debug's to set/ },
    { name: 'a bad ttl', text: 'profiles:\n  oncall:\n    ttl: forever\n', want: /^c\.yaml:3: ttl "forever"/ },
    { name: 'an unknown security profile', text: 'profiles:\n  oncall:\n    profile: root\n', want: /^c\.yaml:3: profile "root" is not one of/ },
  ])('the config file refuses $name, with its line', ({ text, want }) => {
    expect(() => parseConfigFile(text, 'c.yaml')).toThrow(ConfigFileError);
    expect(() => parseConfigFile(text, 'c.yaml')).toThrow(want);
  });
});
