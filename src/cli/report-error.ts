import { ExitCode, isCgDebugError } from '../core/errors.js';
import { sanitizeText } from '../core/sanitize.js';
import { asInvoked, PROGRAM } from './program-name.js';

/**
 * What main prints for a failure, and the exit code. Messages and hints quote the cluster, registries
 * and helpers (a Status message, a user name in a 403, an image), so every line is sanitized; a stack
 * trace keeps its line breaks but loses every control.
 */
export function errorReport(error: unknown, options: { trace: boolean; program?: string }): { text: string; exitCode: number } {
  if (isCgDebugError(error)) {
    // Hints are command lines to type: as the user called us (`kubectl cg-debug` as a plugin).
    const hint = error.hint ? `  hint: ${asInvoked(sanitizeText(error.hint), options.program ?? PROGRAM)}\n` : '';
    return { text: `cg-debug: ${sanitizeText(error.message)}\n${hint}`, exitCode: error.exitCode };
  }
  const detail =
    options.trace && error instanceof Error && error.stack
      ? error.stack.split('\n').map(sanitizeText).join('\n')
      : sanitizeText(String((error as Error | undefined)?.message ?? error));
  return { text: `cg-debug: internal error: ${detail}\n  hint: rerun with CG_DEBUG_TRACE=1 and report it\n`, exitCode: ExitCode.internal };
}
