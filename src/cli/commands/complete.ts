import { UsageError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { connectionOf, type Connection } from '../option-parts.js';
import { CONNECTION_FLAGS } from './session-flags.js';

export const COMPLETE_KINDS = ['pods', 'namespaces'] as const;
export type CompleteKind = (typeof COMPLETE_KINDS)[number];

/** Hidden: names for the completion scripts. */
export interface CompleteOptions {
  kind: '__complete';
  what: CompleteKind;
  connection: Connection;
}

export const completeCommand: Command<CompleteOptions> = {
  name: '__complete',
  summary: 'names for the completion scripts, one a line',
  usage: [`__complete ${COMPLETE_KINDS.join('|')} [-n NS] [--context NAME] [--kubeconfig PATH]`],
  overview: [],
  flags: CONNECTION_FLAGS,
  examples: [],
  args: [],
  hidden: true,
  options: ({ flags, positionals }) => {
    const what = positionals[1] as CompleteKind;
    if (!COMPLETE_KINDS.includes(what) || positionals.length !== 2) {
      throw new UsageError('__complete takes pods or namespaces', {
        hint: 'it is meant for the completion scripts: cg-debug completion bash|zsh|fish',
      });
    }
    return { kind: '__complete', what, connection: connectionOf(flags) };
  },
  run: async (options, { io, signal }) => (await import('../completion-command.js')).runComplete(options, io, signal),
};
