// `cg-debug completion bash|zsh|fish`: shell completion scripts built from the flag table, so a new flag
// completes without touching this file. Pod and namespace names come from the cluster through the hidden
// `cg-debug __complete pods|namespaces [-n NS] [--context C] [--kubeconfig K]`, one name a line.
import { PROFILE_NAMES } from '../core/profiles.js';
import { FLAGS, type FlagName } from './parse-argv.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export const SUBCOMMANDS = ['dev-image', 'completion', 'cp', 'packages'] as const;

/** Values a flag completes to: a fixed list, names from the cluster, a file, or nothing to offer. */
type FlagValues = { words: readonly string[] } | { cluster: 'namespaces' } | { files: true } | undefined;

function valuesOf(flag: FlagName): FlagValues {
  switch (flag) {
    case 'profile':
      return { words: PROFILE_NAMES };
    case 'output':
      return { words: ['yaml', 'json'] };
    case 'namespace':
      return { cluster: 'namespaces' };
    case 'kubeconfig':
      return { files: true };
    default:
      return undefined;
  }
}

const entries = Object.entries(FLAGS) as [FlagName, (typeof FLAGS)[FlagName]][];
// A flag with an optional value (--mount-volumes) takes it only as --flag=VALUE: the next word is not its.
const takesValue = entries.filter(([, f]) => f.type === 'string' && !('bare' in f));
const spellings = (name: FlagName, f: (typeof FLAGS)[FlagName]): string[] => ['short' in f ? `-${f.short}` : '', `--${name}`].filter(Boolean);

/** The completion script for one shell. */
export function completionScript(shell: CompletionShell): string {
  switch (shell) {
    case 'bash':
      return bashScript();
    case 'zsh':
      // zsh runs the bash function through its bash completion layer.
      return `#compdef cg-debug\n# zsh completion for cg-debug: source <(cg-debug completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${bashScript().replace(/^# bash.*\n/, '')}`;
    case 'fish':
      return fishScript();
  }
}

function bashScript(): string {
  const allFlags = entries.flatMap(([name, f]) => spellings(name, f)).join(' ');
  const valueCases = takesValue.map(([name, f]) => {
    const values = valuesOf(name);
    const pattern = spellings(name, f).join('|');
    if (!values) return `    ${pattern}) return ;;`;
    if ('words' in values) return `    ${pattern}) COMPREPLY=($(compgen -W "${values.words.join(' ')}" -- "$cur")); return ;;`;
    if ('files' in values) return `    ${pattern}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`;
    return `    ${pattern}) COMPREPLY=($(compgen -W "$("$cmd" __complete ${values.cluster} "\${conn[@]}" 2>/dev/null)" -- "$cur")); return ;;`;
  });
  return `# bash completion for cg-debug: source <(cg-debug completion bash)
_cg_debug() {
  local cmd=\${COMP_WORDS[0]} cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local i w conn=() positionals=0
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$w" in
      --) return ;;
      -n|--namespace|--context|--kubeconfig) conn+=("$w" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
      ${takesValue.flatMap(([name, f]) => spellings(name, f)).filter((s) => !['-n', '--namespace', '--context', '--kubeconfig'].includes(s)).join('|')}) ((i++)) ;;
      -*) ;;
      *) ((positionals++)) ;;
    esac
  done
  case "$prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${allFlags}" -- "$cur"))
  elif ((positionals == 0)); then
    COMPREPLY=($(compgen -W "${SUBCOMMANDS.join(' ')} $("$cmd" __complete pods "\${conn[@]}" 2>/dev/null)" -- "$cur"))
  elif [[ \${COMP_WORDS[1]} == completion ]] && ((positionals == 1)); then
    COMPREPLY=($(compgen -W "${COMPLETION_SHELLS.join(' ')}" -- "$cur"))
  fi
}
complete -F _cg_debug cg-debug
`;
}

function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function fishScript(): string {
  const flagLines = entries.map(([name, f]) => {
    const values = valuesOf(name);
    const parts = ['complete -c cg-debug', 'short' in f ? `-s ${f.short}` : '', `-l ${name}`];
    if (f.type === 'string') {
      if (values && 'words' in values) parts.push(`-x -a ${fishQuote(values.words.join(' '))}`);
      else if (values && 'cluster' in values) parts.push(`-x -a '(__cg_debug_names ${values.cluster})'`);
      else if (values && 'files' in values) parts.push('-r -F');
      else parts.push('-x');
    }
    parts.push(`-d ${fishQuote(f.help)}`);
    return parts.filter(Boolean).join(' ');
  });
  return `# fish completion for cg-debug: cg-debug completion fish | source
function __cg_debug_names
    set -l words (commandline -opc)
    set -l conn
    for i in (seq 2 (count $words))
        switch $words[$i]
            case -n --namespace --context --kubeconfig
                set conn $conn $words[$i] $words[(math $i + 1)]
        end
    end
    $words[1] __complete $argv[1] $conn 2>/dev/null
end
complete -c cg-debug -f
${flagLines.join('\n')}
complete -c cg-debug -n __fish_use_subcommand -a ${fishQuote(SUBCOMMANDS.join(' '))}
complete -c cg-debug -n __fish_use_subcommand -a '(__cg_debug_names pods)'
complete -c cg-debug -n '__fish_seen_subcommand_from completion' -a ${fishQuote(COMPLETION_SHELLS.join(' '))}
`;
}
