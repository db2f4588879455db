import { imageMappingOf } from '../../config/effective-config.js';
import type { ImageMapping } from '../../core/dev-image.js';
import { UsageError } from '../../core/errors.js';
import type { PodArg } from '../../core/pod-arg.js';
import type { Command, OutputFormat } from '../command.js';
import { connectionOf, outputOf, settingsOf, validateName, podArgOf, type Connection } from '../option-parts.js';
import { CONNECTION_FLAGS } from './session-flags.js';

export interface DoctorOptions {
  kind: 'doctor';
  connection: Connection;
  podArg?: PodArg;
  target?: string;
  output?: OutputFormat;
  mapping: ImageMapping;
}

const USAGE = 'doctor [POD] [-n NS] [--context NAME] [--kubeconfig PATH] [--target CONTAINER] [-o json|yaml]';

export const doctorCommand: Command<DoctorOptions> = {
  name: 'doctor',
  summary: 'check what a debug session needs, each with the fix',
  usage: [USAGE],
  overview: [['doctor [POD] [-o json|yaml]', 'check what a debug session needs, each with the fix\n(exit 0 only when every check passes, else 1)']],
  description: 'The cluster version, ephemeral containers, permissions, Pod Security; with a POD, its target and debug image.\nExit 0 only when every check passes, else 1.',
  flags: [...CONNECTION_FLAGS, 'target', 'output'],
  outputs: ['json', 'yaml'],
  examples: [
    ['can I debug in this namespace?', 'doctor -n shop'],
    ['and this pod, as JSON', 'doctor -n shop web-6f7c9-lp0sd -o json'],
  ],
  args: ['pods'],
  options: ({ flags, positionals, command }, env) => {
    if (positionals.length > 2 || command !== undefined) throw new UsageError('doctor takes at most one pod', { hint: `cg-debug ${USAGE}` });
    const output = outputOf(flags, 'doctor', doctorCommand.outputs);
    const podArg = positionals[1] === undefined ? undefined : podArgOf(positionals[1]);
    if (flags.target !== undefined) {
      if (podArg === undefined) throw new UsageError('--target needs a pod', { hint: 'cg-debug doctor POD --target CONTAINER' });
      validateName('--target', flags.target);
    }
    return {
      kind: 'doctor',
      connection: connectionOf(flags),
      ...(podArg === undefined ? {} : { podArg }),
      ...(flags.target === undefined ? {} : { target: flags.target }),
      ...(output ? { output } : {}),
      mapping: imageMappingOf(settingsOf(flags, env)),
    };
  },
  run: async (options, { out, signal }) => (await import('../doctor-command.js')).runDoctor(options, out, signal),
};
