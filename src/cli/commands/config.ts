import type { EffectiveConfig } from '../../config/effective-config.js';
import { imageMappingOf } from '../../config/effective-config.js';
import { UsageError } from '../../core/errors.js';
import type { Command, OutputFormat } from '../command.js';
import { outputOf, settingsOf, validateProfile } from '../option-parts.js';

export interface ConfigOptions {
  kind: 'config';
  output?: OutputFormat;
  effective: EffectiveConfig;
}

export const configCommand: Command<ConfigOptions> = {
  name: 'config',
  summary: 'print the effective settings and where each came from',
  usage: ['config [-o json|yaml]'],
  overview: [['config [-o json|yaml]', 'print the effective settings and where each came from']],
  description: 'Each setting names its source: a flag, an environment variable, FILE:LINE of the config file, or the default.',
  flags: ['output', 'profile', 'ttl'],
  outputs: ['json', 'yaml'],
  examples: [
    ['what a run would use, and why', 'config'],
    ['as a document for scripts', 'config -o json'],
  ],
  args: [],
  options: ({ flags, positionals }, env) => {
    if (positionals.length > 1) throw new UsageError('config takes no arguments', { hint: 'cg-debug config [-o json|yaml]' });
    const output = outputOf(flags, 'config', configCommand.outputs);
    const effective = settingsOf(flags, env);
    validateProfile(effective.defaultProfile.value, flags.profile);
    imageMappingOf(effective);
    return { kind: 'config', ...(output ? { output } : {}), effective };
  },
  run: async (options, { out }) => (await import('../config-command.js')).runConfig(options, out),
};
