// How the user called us. Run as the kubectl plugin (kubectl-cg_debug, which kubectl runs for
// `kubectl cg-debug`), usage lines and hints must say `kubectl cg-debug`: krew's best practices.

export const PROGRAM = 'cg-debug';
export const PLUGIN_PROGRAM = 'kubectl cg-debug';

/** `kubectl cg-debug` when any of the paths we were started as is named kubectl-*, else `cg-debug`. */
export function programName(paths: readonly (string | undefined)[]): string {
  const plugin = paths.some((path) => path !== undefined && /(^|[/\\])kubectl-[^/\\]*$/.test(path));
  return plugin ? PLUGIN_PROGRAM : PROGRAM;
}

/**
 * Text written for `cg-debug` as the user called it: every `cg-debug` that starts a command line
 * (followed by a space, not by "container" or "'s") becomes `kubectl cg-debug`.
 */
export function asInvoked(text: string, program: string): string {
  if (program === PROGRAM) return text;
  return text.replace(/(^|[^\w./-])cg-debug(?= (?!containers?\b))/g, `$1${program}`);
}
