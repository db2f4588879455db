// Hints for words we did not understand. None ever proposes `-- WORD`: after `--` a word is a command run
// in the pod, and a typo is not a command anyone meant to run there.
import { closestWord } from '../core/edit-distance.js';
import type { ParsedArgv } from './parse-argv.js';

export function didYouMean(word: string, known: readonly string[]): string | undefined {
  return closestWord(word, known);
}

/** The hint for a second positional of the debug command (`cg-debug POD WORD`). */
export function strayWordHint({ positionals, after }: ParsedArgv): string {
  const word = positionals[1] ?? '';
  const flag = after[1];
  if (flag?.optionalValue) return `${flag.spelling} takes its value after =: ${flag.spelling}=${word}`;
  if (flag?.boolean) return `${flag.spelling} takes no value`;
  return 'cg-debug takes one pod; to run a command in the debug container, put it after --: cg-debug POD -- COMMAND [ARGS...]';
}
