// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { Kube } from './client.js';

export interface TerminalIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface AttachOptions {
  namespace: string;
  pod: string;
  container: string;
  io: TerminalIO;
  signal?: AbortSignal;
}

/** How an attach ended: the remote side closed (shell exited) or the connection was lost. */
export type AttachEnd = { kind: 'closed' } | { kind: 'lost'; reason: string };

/**
 * Interactive attach with a TTY: raw mode, resize, Ctrl-C passed to the shell. The terminal is restored
 * on every path (exit, error, SIGTERM, SIGHUP, lost connection) before the promise settles.
 */
export function attachInteractive(kube: Kube, options: AttachOptions): Promise<AttachEnd> {
  throw new Error(`unimplemented: ${kube.namespace} ${options.container}`);
}

/** Runs a command in the (running) debug container without a TTY; stdout and stderr stay separate. */
export function execCommand(kube: Kube, options: AttachOptions & { command: string[] }): Promise<number> {
  throw new Error(`unimplemented: ${kube.namespace} ${options.command.join(' ')}`);
}
