import { boundProcessGroup } from '../proc/process-group.js';

/** A helper's answer: credentials, none stored (anonymous, quietly), or a failure worth a warning. */
export type HelperAnswer = { kind: 'found'; username: string; password: string } | { kind: 'none' } | { kind: 'failed'; reason: string };

/** Runs `docker-credential-<helper> get` with the server URL on stdin; injected so tests use fixtures. */
export type HelperRunner = (helper: string, serverUrl: string, timeoutMs: number) => Promise<HelperAnswer>;

// Helpers answer "credentials not found in native keychain" when they have nothing for a registry.
const NOT_FOUND = /credentials not found/i;

/** The first line of a helper's complaint, short: helpers do not print secrets there, and we keep it brief. */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** Parses a helper's stdout (`{"ServerURL","Username","Secret"}`). */
export function parseHelperOutput(stdout: string): HelperAnswer {
  let body: unknown;
  try {
    body = JSON.parse(stdout);
  } catch {
    return { kind: 'failed', reason: 'its output is not JSON' };
  }
  const { Username, Secret } = (body ?? {}) as { Username?: unknown; Secret?: unknown };
  if (typeof Secret !== 'string' || Secret === '') return { kind: 'failed', reason: 'its output has no Secret' };
  return { kind: 'found', username: typeof Username === 'string' ? Username : '', password: Secret };
}

/**
 * The real runner: `docker-credential-<helper>` found on env.PATH and run with exactly `env`; execa, no
 * shell, a timeout, stdout parsed; stderr only to say why it failed.
 */
export function credentialHelperRunner(env: Record<string, string | undefined>): HelperRunner {
  return (helper, serverUrl, timeoutMs) => runHelper(env, helper, serverUrl, timeoutMs);
}

async function runHelper(env: Record<string, string | undefined>, helper: string, serverUrl: string, timeoutMs: number): Promise<HelperAnswer> {
  if (!/^[\w.-]+$/.test(helper)) return { kind: 'failed', reason: 'its name is not a plain program name' };
  const program = `docker-credential-${helper}`;
  // execa and its dependencies weigh 130 KB of code: read and compiled only when a helper really runs.
  const { execa } = await import('execa');
  // In a process group of its own, so the deadline ends the helper and whatever it started: a child left
  // holding stdout open kept the wait going long after the helper itself was killed.
  const subprocess = execa(program, ['get'], {
    input: serverUrl,
    reject: false,
    extendEnv: false,
    env,
    detached: true,
  });
  const bound = boundProcessGroup(subprocess, timeoutMs);
  const result = await subprocess.finally(bound.release);
  if (bound.timedOut()) return { kind: 'failed', reason: `timed out after ${Math.round(timeoutMs / 100) / 10}s` };
  if (result.failed && result.exitCode === undefined) return { kind: 'failed', reason: (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'not found on PATH' : firstLine(result.shortMessage ?? '') };
  if (result.exitCode !== 0) {
    // Helpers say "credentials not found" on stdout, but stdout is also where a Secret goes, even
    // when the helper then fails: it is matched, never repeated.
    if (NOT_FOUND.test(firstLine(String(result.stdout))) || NOT_FOUND.test(firstLine(String(result.stderr)))) return { kind: 'none' };
    const said = firstLine(String(result.stderr));
    return { kind: 'failed', reason: `exit ${result.exitCode}${said ? `: ${said}` : ''}` };
  }
  return parseHelperOutput(String(result.stdout));
}
