import { UsageError } from '../../core/errors.js';
import type { DebugRequest, DebugWhere } from '../../session/debug-session.js';
import type { Command, OutputFormat } from '../command.js';
import { outputOf, sessionPartsOf, whereOf, type Connection, type TrailOptions } from '../option-parts.js';
import { CONNECTION_FLAGS, SESSION_FLAGS } from './session-flags.js';

export interface PackagesOptions {
  kind: 'packages';
  connection: Connection;
  where: DebugWhere;
  request: DebugRequest;
  output?: OutputFormat;
  quiet: boolean;
  trail: TrailOptions;
}

const USAGE = 'packages [flags] POD [-o json|yaml]';

export const packagesCommand: Command<PackagesOptions> = {
  name: 'packages',
  summary: "list the app image's packages, marking versions that differ in the debug image",
  usage: [USAGE],
  overview: [['packages [flags] POD [-o json|yaml]', "the app image's packages (SBOMs, else apk database),\nversions that differ in the debug image marked"]],
  description: "Read from the app's SPDX SBOMs (/var/lib/db/sbom), else its apk database, through a debug container.",
  flags: [...CONNECTION_FLAGS, ...SESSION_FLAGS, 'output'],
  outputs: ['json', 'yaml'],
  examples: [
    ["the app's packages", 'packages -n shop web-6f7c9-lp0sd'],
    ['as JSON, for a script', 'packages deploy/web -o json'],
  ],
  args: ['pods'],
  options: (argv, env) => {
    const { flags, positionals, command } = argv;
    const podArg = positionals[1];
    if (podArg === undefined || positionals.length > 2 || command !== undefined) {
      throw new UsageError('packages takes exactly one pod', { hint: `cg-debug ${USAGE}` });
    }
    const where = whereOf(podArg, flags);
    const output = outputOf(flags, 'packages', packagesCommand.outputs);
    return { kind: 'packages', ...sessionPartsOf(argv, env, where), ...(output ? { output } : {}) };
  },
  run: async (options, { out, signal }) => (await import('../packages-command.js')).runPackages(options, out, signal),
};
