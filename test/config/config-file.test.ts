import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/config-file.js';
import { configFilePath, effectiveConfig, loadConfigFile, NO_CONFIG_FILE_PLACE } from '../../src/config/effective-config.js';
import { ConfigFileError } from '../../src/core/errors.js';

const FULL = `# cg-debug settings
defaultImage: cgr.dev/chainguard/busybox:latest
defaultProfile: baseline
mirrors:
  - from: registry.corp/cgr/*
    to: cgr.dev/*
devTags:
  - tag: "*-slim"
    dev: "*-dev"
`;

describe('parseConfigFile', () => {
  it('reads every setting with its line', () => {
    expect(parseConfigFile(FULL, 'c.yaml')).toEqual({
      defaultImage: { value: 'cgr.dev/chainguard/busybox:latest', line: 2 },
      defaultProfile: { value: 'baseline', line: 3 },
      mirrors: [{ from: 'registry.corp/cgr/', to: 'cgr.dev/', line: 5 }],
      devTags: [{ tag: '*-slim', dev: '*-dev', line: 8 }],
    });
  });

  it.each([
    { name: 'empty file', text: '', want: { mirrors: [], devTags: [] } },
    { name: 'a ttl', text: 'ttl: 8h\n', want: { ttl: { value: 28_800, line: 1 }, mirrors: [], devTags: [] } },
    { name: 'no ttl limit', text: 'ttl: 0\n', want: { ttl: { value: 0, line: 1 }, mirrors: [], devTags: [] } },
    { name: 'comments only', text: '# nothing yet\n', want: { mirrors: [], devTags: [] } },
  ])('$name', ({ text, want }) => expect(parseConfigFile(text, 'c.yaml')).toEqual(want));

  it.each([
    { name: 'unknown setting', text: 'defaultImage: a/b:1\nimage: x\n', want: 'c.yaml:2: unknown setting "image" (known: defaultImage, defaultProfile, ttl, audit, mirrors, devTags, profiles)' },
    { name: 'bad image', text: '\n\ndefaultImage: "Bad Image"\n', want: 'c.yaml:3: defaultImage: invalid image reference "Bad Image": it contains whitespace' },
    { name: 'bad profile', text: 'defaultProfile: root\n', want: 'c.yaml:1: defaultProfile "root" is not one of auto, restricted, baseline, general, netadmin, sysadmin' },
    { name: 'mirror without /*', text: 'mirrors:\n  - from: a.b/c\n    to: cgr.dev/*\n', want: 'c.yaml:2: mirrors.from "a.b/c" must be a path ending in /*, e.g. registry.corp/cgr/*' },
    { name: 'mirror missing a field', text: 'mirrors:\n  - from: a.b/*\n', want: 'c.yaml:2: each mirrors entry needs from and to' },
    { name: 'unknown field in an entry', text: 'devTags:\n  - tag: "*-x"\n    dev: "*-dev"\n    note: hi\n', want: 'c.yaml:4: unknown field "note" in devTags (expected tag and dev)' },
    { name: 'devTags without *', text: 'devTags:\n  - tag: slim\n    dev: dev\n', want: 'c.yaml:2: devTags tag and dev each need exactly one *, e.g. tag: "*-slim", dev: "*-dev"' },
    { name: 'not a list', text: 'mirrors: cgr.dev\n', want: 'c.yaml:1: mirrors must be a list' },
    { name: 'not a mapping', text: '- a\n- b\n', want: 'c.yaml:1: the config must be a mapping of settings' },
    { name: 'a number where a string goes', text: 'defaultImage: 12\n', want: 'c.yaml:1: defaultImage must be a non-empty string' },
    { name: 'a ttl without a unit', text: 'ttl: 30\n', want: 'c.yaml:1: ttl "30" must be a duration up to 168h, e.g. 30m or 8h, or 0 for no limit' },
    { name: 'a ttl over a week', text: '\nttl: 200h\n', want: 'c.yaml:2: ttl "200h" must be a duration up to 168h, e.g. 30m or 8h, or 0 for no limit' },
  ])('$name', ({ text, want }) => {
    let thrown: unknown;
    try {
      parseConfigFile(text, 'c.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigFileError);
    expect((thrown as ConfigFileError).message).toBe(want);
    expect((thrown as ConfigFileError).hint).toContain('settings: defaultImage');
  });

  it('YAML syntax errors name their line', () => {
    expect(() => parseConfigFile('defaultImage: a\nmirrors: [\n', 'c.yaml')).toThrow(/^c\.yaml:3: Flow sequence/);
    expect(() => parseConfigFile('defaultImage: a\ndefaultImage: b\n', 'c.yaml')).toThrow('c.yaml:2: Map keys must be unique');
  });
});

describe('configFilePath', () => {
  it.each([
    { name: 'CG_DEBUG_CONFIG wins', env: { CG_DEBUG_CONFIG: '/x.yaml', XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, want: { path: '/x.yaml', source: 'env CG_DEBUG_CONFIG' } },
    { name: 'XDG_CONFIG_HOME', env: { XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, want: { path: '/xdg/cg-debug/config.yaml', source: 'env XDG_CONFIG_HOME' } },
    { name: '~/.config by default', env: { HOME: '/h' }, want: { path: '/h/.config/cg-debug/config.yaml', source: 'default' } },
    { name: 'a relative XDG_CONFIG_HOME is ignored', env: { XDG_CONFIG_HOME: 'xdg', HOME: '/h' }, want: { path: '/h/.config/cg-debug/config.yaml', source: 'default' } },
    { name: 'a relative HOME gives no place', env: { HOME: 'h' }, want: { source: NO_CONFIG_FILE_PLACE } },
    { name: 'no HOME gives no place', env: {}, want: { source: NO_CONFIG_FILE_PLACE } },
    { name: 'CG_DEBUG_CONFIG is taken as written', env: { CG_DEBUG_CONFIG: 'here.yaml' }, want: { path: 'here.yaml', source: 'env CG_DEBUG_CONFIG' } },
  ])('$name', ({ env, want }) => expect(configFilePath(env)).toEqual(want));
});

describe('loadConfigFile', () => {
  const enoent = () => {
    throw Object.assign(new Error('no'), { code: 'ENOENT' });
  };
  it('a missing default file is no config', async () => {
    await expect(loadConfigFile({ HOME: '/h' }, enoent)).resolves.toEqual({ file: { path: '/h/.config/cg-debug/config.yaml', source: 'default', found: false }, config: { mirrors: [], devTags: [] } });
  });
  it('with no absolute HOME no file is read, not even one in the working directory', async () => {
    const read = (file: string): string => {
      throw new Error(`read ${file}`);
    };
    await expect(loadConfigFile({ HOME: 'relative' }, read)).resolves.toEqual({ file: { source: NO_CONFIG_FILE_PLACE, found: false }, config: { mirrors: [], devTags: [] } });
  });
  it('a missing file that CG_DEBUG_CONFIG names is an error', async () => {
    await expect(loadConfigFile({ CG_DEBUG_CONFIG: '/x.yaml' }, enoent)).rejects.toThrow('cannot read the config file /x.yaml: ENOENT');
  });
});

describe('effectiveConfig: flag > env > file > default', () => {
  const file = { file: { path: 'c.yaml', source: 'default', found: true }, config: parseConfigFile(FULL, 'c.yaml') };
  const none = { file: { path: 'c.yaml', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };
  it.each([
    { name: 'defaults', loaded: none, env: {}, flags: {}, want: { image: ['cgr.dev/chainguard/wolfi-base:latest', 'default'], profile: ['auto', 'default'] } },
    { name: 'file', loaded: file, env: {}, flags: {}, want: { image: ['cgr.dev/chainguard/busybox:latest', 'c.yaml:2'], profile: ['baseline', 'c.yaml:3'] } },
    {
      name: 'env and flag over the file',
      loaded: file,
      env: { CG_DEBUG_DEFAULT_IMAGE: 'reg/x:1' },
      flags: { profile: 'general' },
      want: { image: ['reg/x:1', 'env CG_DEBUG_DEFAULT_IMAGE'], profile: ['general', 'flag --profile'] },
    },
  ])('$name', ({ loaded, env, flags, want }) => {
    const got = effectiveConfig(loaded, env, flags);
    expect([got.defaultImage.value, got.defaultImage.source]).toEqual(want.image);
    expect([got.defaultProfile.value, got.defaultProfile.source]).toEqual(want.profile);
  });

  it.each([
    { name: 'default', loaded: none, flags: {}, want: [3600, 'default'] },
    { name: 'file', loaded: { ...none, config: parseConfigFile('ttl: 15m\n', 'c.yaml') }, flags: {}, want: [900, 'c.yaml:1'] },
    { name: 'flag over file', loaded: { ...none, config: parseConfigFile('ttl: 15m\n', 'c.yaml') }, flags: { ttlSeconds: 0 }, want: [0, 'flag --ttl'] },
  ])('ttl: $name', ({ loaded, flags, want }) => {
    const got = effectiveConfig(loaded, {}, flags);
    expect([got.ttl.value, got.ttl.source]).toEqual(want);
  });

  it('rules keep their lines', () => {
    const got = effectiveConfig(file, {}, {});
    expect(got.mirrors).toEqual([{ from: 'registry.corp/cgr/', to: 'cgr.dev/', source: 'c.yaml:5' }]);
    expect(got.devTags).toEqual([{ tag: '*-slim', dev: '*-dev', source: 'c.yaml:8' }]);
  });
});

describe('audit', () => {
  const none = { file: { path: 'c.yaml', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };
  it.each([
    { name: 'on by default, under HOME', loaded: none, env: { HOME: '/h' }, want: { value: true, source: 'default', path: '/h/.local/state/cg-debug/audit.jsonl', pathSource: 'default' } },
    { name: 'XDG_STATE_HOME', loaded: none, env: { HOME: '/h', XDG_STATE_HOME: '/s' }, want: { value: true, source: 'default', path: '/s/cg-debug/audit.jsonl', pathSource: 'env XDG_STATE_HOME' } },
    { name: 'a relative XDG_STATE_HOME is ignored', loaded: none, env: { HOME: '/h', XDG_STATE_HOME: 's' }, want: { value: true, source: 'default', path: '/h/.local/state/cg-debug/audit.jsonl', pathSource: 'default' } },
    { name: 'a relative HOME is ignored too', loaded: none, env: { HOME: 'h' }, want: { value: true, source: 'default', pathSource: 'neither XDG_STATE_HOME nor HOME is an absolute path' } },
    { name: 'no HOME and no XDG_STATE_HOME: no path', loaded: none, env: {}, want: { value: true, source: 'default', pathSource: 'neither XDG_STATE_HOME nor HOME is an absolute path' } },
    { name: 'XDG_STATE_HOME needs no HOME', loaded: none, env: { XDG_STATE_HOME: '/s' }, want: { value: true, source: 'default', path: '/s/cg-debug/audit.jsonl', pathSource: 'env XDG_STATE_HOME' } },
    { name: 'off in the file', loaded: { ...none, config: parseConfigFile('audit: false\n', 'c.yaml') }, env: { HOME: '/h' }, want: { value: false, source: 'c.yaml:1', path: '/h/.local/state/cg-debug/audit.jsonl', pathSource: 'default' } },
  ])('$name', ({ loaded, env, want }) => {
    expect(effectiveConfig(loaded, env, {}).audit).toEqual(want);
  });

  it('is true or false', () => {
    expect(() => parseConfigFile('audit: no-thanks\n', 'c.yaml')).toThrow('c.yaml:1: audit must be true or false');
  });
});
