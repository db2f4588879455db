// `cg-debug completion bash|zsh|fish|kubectl`: shell completion scripts built from the flag table, so a new
// flag completes without touching this file. `kubectl` is the kubectl_complete-cg_debug program that
// kubectl (1.26+) runs for `kubectl cg-debug <TAB>`. Pod and namespace names come from the cluster through the hidden
// `cg-debug __complete pods|namespaces [-n NS] [--context C] [--kubeconfig K]`, one name a line.
import { PROFILE_NAMES } from '../core/profiles.js';
import { FLAGS, type FlagName } from './parse-argv.js';
import { SHOWN_SUBCOMMANDS, SUBCOMMANDS, type CompletionShell } from './subcommands.js';

/** Subcommands whose first argument is one of a fixed list of words. */
const withArgs = SHOWN_SUBCOMMANDS.flatMap((name) => {
  const first = SUBCOMMANDS[name].args[0];
  return first !== undefined && typeof first === 'object' ? [{ name, args: first.words }] : [];
});
/** Subcommands whose first argument is a pod. */
const withPod = SHOWN_SUBCOMMANDS.filter((name) => SUBCOMMANDS[name].args[0] === 'pods');

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
    case 'record':
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
    case 'kubectl':
      return kubectlPluginScript();
  }
}

// Each line of stdin that starts with the word being completed becomes a reply, as data: names from
// the cluster never go through `compgen -W`, whose word list the shell expands (a pod named
// `$(id>/tmp/x)` would run). zsh runs the same function through bashcompinit.
const BASH_OFFER = `__cg_debug_offer() {
  local word
  while IFS= read -r word; do
    [[ $word == "$1"* ]] && COMPREPLY+=("$word")
  done
  return 0
}`;

/** A command line that prints fixed words one a line; they are ours, never the cluster's. */
const printWords = (words: readonly string[]) => `printf '%s\\n' ${words.join(' ')}`;

/** The plugin's name on PATH: kubectl turns `kubectl cg-debug` into kubectl-cg_debug. */
const PLUGIN = 'kubectl-cg_debug';
// Cobra's ShellCompDirectiveNoFileComp: the candidates are all there is (file names included, from compgen).
const NO_FILE_COMPLETION = 4;

/**
 * kubectl_complete-cg_debug: kubectl runs it with the words after `kubectl cg-debug`, the last one being
 * completed, and reads Cobra's format back: one candidate a line, then `:directive`. It runs the bash
 * function itself, so both completions agree.
 */
function kubectlPluginScript(): string {
  const fn = bashScript()
    .replace(/^# bash.*\n/, '')
    .replace(/^complete -F .*\n/m, '');
  return `#!/usr/bin/env bash
# kubectl_complete-cg_debug: makes \`kubectl cg-debug <TAB>\` complete (kubectl 1.26+). Put it on PATH beside
# ${PLUGIN}: cg-debug completion kubectl > DIR/kubectl_complete-cg_debug && chmod +x DIR/kubectl_complete-cg_debug
${fn}COMP_WORDS=(${PLUGIN} "$@")
COMP_CWORD=$#
_cg_debug
((\${#COMPREPLY[@]})) && printf '%s\\n' "\${COMPREPLY[@]}"
echo :${NO_FILE_COMPLETION}
`;
}

function bashScript(): string {
  const allFlags = entries.flatMap(([name, f]) => spellings(name, f));
  const clusterNames = (what: string) => `"$cmd" __complete ${what} "\${conn[@]}" 2>/dev/null`;
  const valueCases = takesValue.map(([name, f]) => {
    const values = valuesOf(name);
    const pattern = spellings(name, f).join('|');
    if (!values) return `    ${pattern}) return ;;`;
    if ('words' in values) return `    ${pattern}) __cg_debug_offer "$cur" < <(${printWords(values.words)}); return ;;`;
    if ('files' in values) return `    ${pattern}) __cg_debug_offer "$cur" < <(compgen -f -- "$cur"); return ;;`;
    return `    ${pattern}) __cg_debug_offer "$cur" < <(${clusterNames(values.cluster)}); return ;;`;
  });
  return `# bash completion for cg-debug: source <(cg-debug completion bash)
${BASH_OFFER}
_cg_debug() {
  local cmd=\${COMP_WORDS[0]} cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local i w conn=() positionals=0
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$w" in
      --) return ;;
      -n|--namespace|--context|--kubeconfig) ((i + 1 < COMP_CWORD)) && conn+=("$w" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
      ${takesValue.flatMap(([name, f]) => spellings(name, f)).filter((s) => !['-n', '--namespace', '--context', '--kubeconfig'].includes(s)).join('|')}) ((i++)) ;;
      -*) ;;
      *) ((positionals++)) ;;
    esac
  done
  case "$prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    __cg_debug_offer "$cur" < <(${printWords(allFlags)})
  elif ((positionals == 0)); then
    __cg_debug_offer "$cur" < <(${printWords(SHOWN_SUBCOMMANDS)}; ${clusterNames('pods')})
${withArgs.map(({ name, args }) => `  elif [[ \${COMP_WORDS[1]} == ${name} ]] && ((positionals == 1)); then\n    __cg_debug_offer "$cur" < <(${printWords(args)})`).join('\n')}
  elif [[ ${withPod.map((name) => `\${COMP_WORDS[1]} == ${name}`).join(' || ')} ]] && ((positionals == 1)); then
    __cg_debug_offer "$cur" < <(${clusterNames('pods')})
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
    for i in (seq 2 (math (count $words) - 1))
        switch $words[$i]
            case -n --namespace --context --kubeconfig
                set conn $conn $words[$i] $words[(math $i + 1)]
        end
    end
    $words[1] __complete $argv[1] $conn 2>/dev/null
end
complete -c cg-debug -f
${flagLines.join('\n')}
complete -c cg-debug -n __fish_use_subcommand -a ${fishQuote(SHOWN_SUBCOMMANDS.join(' '))}
complete -c cg-debug -n __fish_use_subcommand -a '(__cg_debug_names pods)'
${withArgs.map(({ name, args }) => `complete -c cg-debug -n '__fish_seen_subcommand_from ${name}' -a ${fishQuote(args.join(' '))}`).join('\n')}
complete -c cg-debug -n '__fish_seen_subcommand_from ${withPod.join(' ')}' -a '(__cg_debug_names pods)'
`;
}
