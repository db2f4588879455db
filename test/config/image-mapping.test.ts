// The image mapping every command hands to the -dev resolver, built once from the effective config.
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/config/config-file.js';
import { effectiveConfig, imageMappingOf, type LoadedConfig } from '../../src/config/effective-config.js';
import { UsageError } from '../../src/core/errors.js';

const FILE: LoadedConfig = {
  file: { path: 'c.yaml', source: 'default', found: true },
  config: parseConfigFile('mirrors:\n  - from: reg.corp/cgr/*\n    to: cgr.dev/*\ndevTags:\n  - tag: "*-slim"\n    dev: "*-dev"\n', 'c.yaml'),
};
const NO_FILE: LoadedConfig = { file: { path: 'c.yaml', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };

describe('imageMappingOf', () => {
  it.each([
    {
      name: 'no config: the built-in default image, no rules',
      input: { loaded: NO_FILE, env: {} },
      want: { defaultImage: 'cgr.dev/chainguard/wolfi-base:latest', mirrors: [], devTags: [] },
    },
    {
      name: "the file's rules without their sources, the environment's default image",
      input: { loaded: FILE, env: { CG_DEBUG_DEFAULT_IMAGE: 'reg.corp/tools:1' } },
      want: { defaultImage: 'reg.corp/tools:1', mirrors: [{ from: 'reg.corp/cgr/', to: 'cgr.dev/' }], devTags: [{ tag: '*-slim', dev: '*-dev' }] },
    },
  ])('$name', ({ input, want }) => {
    expect(imageMappingOf(effectiveConfig(input.loaded, input.env, {}))).toEqual(want);
  });

  it('refuses a default image that is no reference, naming where it came from', () => {
    const effective = effectiveConfig(NO_FILE, { CG_DEBUG_DEFAULT_IMAGE: 'Not An Image' }, {});
    expect(() => imageMappingOf(effective)).toThrow(
      expect.objectContaining({
        constructor: UsageError,
        message: 'CG_DEBUG_DEFAULT_IMAGE "Not An Image" is not an image reference',
        hint: expect.stringMatching(/^set it to a full reference/),
      }),
    );
  });
});
