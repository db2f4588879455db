// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.

export interface LauncherInput {
  target: string;
  /** Set when the pod shares its PID namespace: PID 1 is then the pause process. */
  shareProcessNamespace: boolean;
}

/** `['sh', '-c', SCRIPT, 'cg-debug', ...]`: waits for the first attach, prints the banner, execs bash or sh. */
export function launcherCommand(input: LauncherInput): string[] {
  throw new Error(`unimplemented: ${input.target}`);
}
