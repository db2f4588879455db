import { ExitCode, UsageError } from '../../core/errors.js';
import type { Command } from '../command.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'kubectl'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export interface CompletionOptions {
  kind: 'completion';
  shell: CompletionShell;
}

const USAGE = `completion ${COMPLETION_SHELLS.join('|')}`;

export const completionCommand: Command<CompletionOptions> = {
  name: 'completion',
  summary: 'print a shell completion script',
  usage: [USAGE],
  overview: [[USAGE, 'print a shell completion script (flags, profiles, pods)']],
  description:
    'Subcommands, flags, profiles, contexts (from the kubeconfig), and from the cluster: namespaces, pods,\ntheir containers and debug containers. kubectl: the kubectl_complete-cg_debug program for `kubectl cg-debug <TAB>`.',
  flags: [],
  examples: [
    ['bash, for this shell', 'completion bash > ~/.cg-debug-completion && . ~/.cg-debug-completion'],
    ['zsh', 'completion zsh > "${fpath[1]}/_cg-debug"'],
    ['fish', 'completion fish > ~/.config/fish/completions/cg-debug.fish'],
    ['kubectl cg-debug <TAB>, beside the plugin on PATH (survives upgrades)', 'completion kubectl > ~/.krew/bin/kubectl_complete-cg_debug && chmod +x ~/.krew/bin/kubectl_complete-cg_debug'],
  ],
  args: [{ words: COMPLETION_SHELLS }],
  options: ({ positionals, command }) => {
    const shell = positionals[1] as CompletionShell;
    const hint = `cg-debug ${USAGE}`;
    if (command !== undefined || positionals.length !== 2) throw new UsageError('completion takes exactly one shell', { hint });
    if (!COMPLETION_SHELLS.includes(shell)) throw new UsageError(`no completion for shell ${JSON.stringify(shell)}`, { hint });
    return { kind: 'completion', shell };
  },
  run: async (options, { out }) => {
    out.own((await import('../completion.js')).completionScript(options.shell));
    return ExitCode.ok;
  },
};
