// `cg-debug completion bash|zsh|fish|kubectl`: shell completion scripts built from the flag table, so a new
// flag completes without touching this file. `kubectl` is the kubectl_complete-cg_debug program that
// kubectl (1.26+) runs for `kubectl cg-debug <TAB>`. Pod and namespace names come from the cluster through the hidden
// `cg-debug __complete pods|namespaces [-n NS] [--context C] [--kubeconfig K]`, one name a line.
import { IMAGE_PULL_POLICIES } from '../core/debug-container.js';
import { PROFILE_NAMES } from '../core/profiles.js';
import type { ArgCompletion } from './command.js';
import { FLAGS, type FlagName } from './parse-argv.js';
import { SHOWN_SUBCOMMANDS, SUBCOMMANDS, type CompletionShell } from './subcommands.js';

/** Values a flag completes to: a fixed list, names from the cluster, a file, or nothing to offer. */
type FlagValues = { words: readonly string[] } | { cluster: 'namespaces' | 'contexts' } | { ofPod: 'containers' } | { files: true } | undefined;

function valuesOf(flag: FlagName): FlagValues {
  switch (flag) {
    case 'profile':
      return { words: PROFILE_NAMES };
    case 'output':
      return { words: ['yaml', 'json'] };
    case 'namespace':
      return { cluster: 'namespaces' };
    case 'context':
      return { cluster: 'contexts' };
    case 'target':
      return { ofPod: 'containers' };
    case 'image-pull-policy':
      return { words: IMAGE_PULL_POLICIES };
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
// Cobra's ShellCompDirectiveNoSpace.
const NO_SPACE = 2;

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
# cp's POD: candidates: no space after the colon.
if [[ \${COMPREPLY[0]-} == *: ]]; then echo :${NO_FILE_COMPLETION + NO_SPACE}; else echo :${NO_FILE_COMPLETION}; fi
`;
}

// Flags that say how to reach the cluster: the names offered come from the same place the command will go.
const CONNECTION_SPELLINGS = ['-n', '--namespace', '--context', '--kubeconfig', '--as', '--as-group', '--as-uid'];

/** The bash lines that offer what one positional argument takes; `$pod` is the pod named before it. */
function offerArg(arg: ArgCompletion, clusterNames: (what: string) => string): string {
  if (arg === 'none') return ':';
  if (arg === 'pods') return `__cg_debug_offer "$cur" < <(${clusterNames('pods')})`;
  if (arg === 'commands') return `__cg_debug_offer "$cur" < <(${printWords(SHOWN_SUBCOMMANDS)})`;
  if (arg === 'debug-containers') return `__cg_debug_offer "$cur" < <(${clusterNames('debug-containers "$pod"')})`;
  // cp's POD:PATH or a local path: pods with their colon (no space after it), and files.
  if (arg === 'pod:') {
    return `if [[ $cur != *:* ]]; then __cg_debug_offer "$cur" < <(${clusterNames('pods')} | sed 's/$/:/'); ((\${#COMPREPLY[@]})) && compopt -o nospace 2>/dev/null; fi; __cg_debug_offer "$cur" < <(compgen -f -- "$cur")`;
  }
  return `__cg_debug_offer "$cur" < <(${printWords(arg.words)})`;
}

/** `case` arms: for each subcommand, what its Nth positional argument completes to. */
function positionalCases(clusterNames: (what: string) => string): string {
  return SHOWN_SUBCOMMANDS.map((name) => {
    // $n counts the words before the one completed, the subcommand's name included.
    const arms = SUBCOMMANDS[name].args.map((arg, i) => `        ${i + 1}) ${offerArg(arg, clusterNames)} ;;`);
    return `    ${name})\n      case $n in\n${arms.join('\n')}\n      esac ;;`;
  }).join('\n');
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
    if ('ofPod' in values) return `    ${pattern}) [[ -n $pod ]] && __cg_debug_offer "$cur" < <(${clusterNames(`${values.ofPod} "$pod"`)}); return ;;`;
    return `    ${pattern}) __cg_debug_offer "$cur" < <(${clusterNames(values.cluster)}); return ;;`;
  });
  const otherValueFlags = takesValue.flatMap(([name, f]) => spellings(name, f)).filter((s) => !CONNECTION_SPELLINGS.includes(s));
  // Subcommands whose first argument is a pod: --target and a debug container belong to it.
  const podFirst = SHOWN_SUBCOMMANDS.filter((name) => SUBCOMMANDS[name].args[0] === 'pods');
  return `# bash completion for cg-debug: source <(cg-debug completion bash)
${BASH_OFFER}
_cg_debug() {
  local cmd=\${COMP_WORDS[0]} cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local i w conn=() pos=()
  COMPREPLY=()
  # Flags may come anywhere: the subcommand is the first word that is neither a flag nor a flag's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "$w" in
      --) return ;;
      ${CONNECTION_SPELLINGS.join('|')}) ((i + 1 < COMP_CWORD)) && conn+=("$w" "\${COMP_WORDS[i+1]}"); ((i++)) ;;
      ${otherValueFlags.join('|')}) ((i++)) ;;
      -*) ;;
      *) pos+=("$w") ;;
    esac
  done
  local n=\${#pos[@]} sub=\${pos[0]-} pod=
  # The pod --target and a debug container belong to: the debug command's first word, a subcommand's second.
  case "$sub" in
    ${podFirst.join('|')}) pod=\${pos[1]-} ;;
    ${SHOWN_SUBCOMMANDS.join('|')}) ;;
    *) pod=$sub ;;
  esac
  case "$prev" in
${valueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    __cg_debug_offer "$cur" < <(${printWords(allFlags)})
  elif ((n == 0)); then
    __cg_debug_offer "$cur" < <(${printWords(SHOWN_SUBCOMMANDS)}; ${clusterNames('pods')})
  else
    case "$sub" in
${positionalCases(clusterNames)}
    esac
  fi
  return 0
}
complete -F _cg_debug cg-debug
`;
}

function fishQuote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** After a subcommand: the words or names its arguments take (fish does not tell them apart by position). */
function fishArgLines(): string[] {
  return SHOWN_SUBCOMMANDS.flatMap((name) =>
    SUBCOMMANDS[name].args.flatMap((arg) => {
      const when = `complete -c cg-debug -n '__fish_seen_subcommand_from ${name}'`;
      if (arg === 'pods' || arg === 'pod:') return [`${when} -a '(__cg_debug_names pods)'`];
      if (arg === 'commands') return [`${when} -a ${fishQuote(SHOWN_SUBCOMMANDS.join(' '))}`];
      if (typeof arg === 'object') return [`${when} -a ${fishQuote(arg.words.join(' '))}`];
      return [];
    }),
  );
}

function fishScript(): string {
  const flagLines = entries.map(([name, f]) => {
    const values = valuesOf(name);
    const parts = ['complete -c cg-debug', 'short' in f ? `-s ${f.short}` : '', `-l ${name}`];
    if (f.type === 'string') {
      if (values && 'words' in values) parts.push(`-x -a ${fishQuote(values.words.join(' '))}`);
      else if (values && 'cluster' in values) parts.push(`-x -a '(__cg_debug_names ${values.cluster})'`);
      else if (values && 'files' in values) parts.push('-r -F');
      else if (values && 'ofPod' in values) parts.push('-x');
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
            case ${CONNECTION_SPELLINGS.join(' ')}
                set conn $conn $words[$i] $words[(math $i + 1)]
        end
    end
    $words[1] __complete $argv[1] $conn 2>/dev/null
end
complete -c cg-debug -f
${flagLines.join('\n')}
complete -c cg-debug -n __fish_use_subcommand -a ${fishQuote(SHOWN_SUBCOMMANDS.join(' '))}
complete -c cg-debug -n __fish_use_subcommand -a '(__cg_debug_names pods)'
${fishArgLines().join('\n')}
`;
}
