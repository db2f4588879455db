import { UsageError } from '../../core/errors.js';
import type { PodArg } from '../../core/pod-arg.js';
import type { Command } from '../command.js';
import { CONNECTION_FLAGS } from './session-flags.js';
import { connectionOf, timeoutOf, trailOf, validateName, podArgOf, type Connection, type TrailOptions } from '../option-parts.js';

export interface StopOptions {
  kind: 'stop';
  connection: Connection;
  podArg: PodArg;
  container?: string;
  all: boolean;
  timeoutMs: number;
  quiet: boolean;
  trail: TrailOptions;
}

const USAGE = 'stop POD [CONTAINER | --all]';

export const stopCommand: Command<StopOptions> = {
  name: 'stop',
  summary: 'end debug containers and wait until they have terminated',
  usage: [USAGE],
  overview: [[USAGE, 'end debug containers (open shells are told first) and\nwait until they have terminated; 0 if already ended']],
  description:
    'Without CONTAINER: the pod\'s only running debug container. Open shells are told first. Ephemeral\ncontainers stay in the pod spec once ended; stop ends their processes. Exit 0 if already ended.',
  flags: [...CONNECTION_FLAGS, 'all', 'timeout', 'quiet'],
  examples: [
    ['end the only running debug container of a pod', 'stop -n shop web-6f7c9-lp0sd'],
    ['end one by name', 'stop web-6f7c9-lp0sd cg-debug-x2k4p'],
    ['end every one, waiting up to 30s', 'stop web-6f7c9-lp0sd --all --timeout 30s'],
  ],
  args: ['pods', 'debug-containers'],
  options: ({ flags, positionals, command }, env) => {
    const hint = `cg-debug ${USAGE}`;
    const [, podWord, container] = positionals;
    if (podWord === undefined || positionals.length > 3 || command !== undefined) throw new UsageError('stop takes a pod and at most one container', { hint });
    const podArg = podArgOf(podWord);
    if (container !== undefined) validateName('the container', container);
    if (container !== undefined && flags.all) throw new UsageError('name a container or pass --all, not both', { hint });
    return {
      kind: 'stop',
      connection: connectionOf(flags),
      podArg,
      ...(container === undefined ? {} : { container }),
      all: flags.all ?? false,
      timeoutMs: timeoutOf(flags),
      quiet: flags.quiet ?? false,
      trail: trailOf(flags, env),
    };
  },
  run: async (options, { io, out, signal }) => (await import('../stop-command.js')).runStop(options, { io, out }, signal),
};
