import { UsageError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { connectionOf, validatePodArg, type Connection } from '../option-parts.js';
import { CONNECTION_FLAGS } from './session-flags.js';

/** What the completion scripts ask for; containers and debug-containers are those of one pod. */
export const COMPLETE_KINDS = ['pods', 'namespaces', 'contexts', 'containers', 'debug-containers'] as const;
export type CompleteKind = (typeof COMPLETE_KINDS)[number];
const OF_A_POD: readonly CompleteKind[] = ['containers', 'debug-containers'];

/** Hidden: names for the completion scripts. */
export interface CompleteOptions {
  kind: '__complete';
  what: CompleteKind;
  /** For containers and debug-containers: the pod's name. */
  pod?: string;
  connection: Connection;
}

const HINT = 'it is meant for the completion scripts: cg-debug completion bash|zsh|fish';

export const completeCommand: Command<CompleteOptions> = {
  name: '__complete',
  summary: 'names for the completion scripts, one a line',
  usage: ['__complete pods|namespaces|contexts [-n NS] [--context NAME] [--kubeconfig PATH]', '__complete containers|debug-containers POD [-n NS] ...'],
  overview: [],
  flags: CONNECTION_FLAGS,
  examples: [],
  args: [],
  hidden: true,
  options: ({ flags, positionals }) => {
    const what = positionals[1] as CompleteKind;
    if (!COMPLETE_KINDS.includes(what)) throw new UsageError(`__complete takes ${COMPLETE_KINDS.join(', ')}`, { hint: HINT });
    const ofPod = OF_A_POD.includes(what);
    if (positionals.length !== (ofPod ? 3 : 2)) throw new UsageError(ofPod ? `__complete ${what} takes a pod` : `__complete ${what} takes nothing more`, { hint: HINT });
    const pod = positionals[2];
    if (pod !== undefined) validatePodArg(pod);
    return { kind: '__complete', what, ...(pod === undefined ? {} : { pod }), connection: connectionOf(flags) };
  },
  run: async (options, { out, signal }) => (await import('../completion-command.js')).runComplete(options, out, signal),
};
