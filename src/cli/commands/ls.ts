import { UsageError } from '../../core/errors.js';
import type { PodArg } from '../../core/pod-arg.js';
import type { Command, OutputFormat } from '../command.js';
import { CONNECTION_FLAGS } from './session-flags.js';
import { connectionOf, outputOf, trailOf, podArgOf, type Connection, type TrailOptions } from '../option-parts.js';

export interface LsOptions {
  kind: 'ls';
  connection: Connection;
  podArg?: PodArg;
  allNamespaces: boolean;
  output?: OutputFormat;
  /** ls counts shells with an exec into each debug container: audited. */
  trail: TrailOptions;
}

const USAGE = 'ls [POD] [-n NS | -A] [-o json|yaml]';

export const lsCommand: Command<LsOptions> = {
  name: 'ls',
  summary: 'list the debug containers of a pod, or of every pod with one',
  usage: [USAGE],
  overview: [[`ls [POD] [-n NS | -A] [-o json|yaml]`, 'the debug containers of a pod, or of every pod with one:\ntarget, image, user, state and TTL left, age']],
  description: 'Each row: target, image, user, state and TTL left, age, and the shells open in it.',
  flags: [...CONNECTION_FLAGS, 'all-namespaces', 'output'],
  outputs: ['json', 'yaml'],
  examples: [
    ['the debug containers in the current namespace', 'ls'],
    ['those of one pod', 'ls -n shop web-6f7c9-lp0sd'],
    ['in every namespace, as JSON', 'ls -A -o json'],
  ],
  args: ['pods'],
  options: ({ flags, positionals, command }, env) => {
    if (positionals.length > 2 || command !== undefined) throw new UsageError('ls takes at most one pod', { hint: `cg-debug ${USAGE}` });
    const podArg = positionals[1] === undefined ? undefined : podArgOf(positionals[1]);
    if (podArg !== undefined && flags['all-namespaces']) throw new UsageError('a pod and -A do not go together', { hint: `cg-debug ${USAGE}` });
    const output = outputOf(flags, 'ls', lsCommand.outputs);
    return {
      kind: 'ls',
      connection: connectionOf(flags),
      ...(podArg === undefined ? {} : { podArg }),
      allNamespaces: flags['all-namespaces'] ?? false,
      ...(output ? { output } : {}),
      trail: trailOf(flags, env),
    };
  },
  run: async (options, { out, signal }) => (await import('../ls-command.js')).runLs(options, out, signal),
};
