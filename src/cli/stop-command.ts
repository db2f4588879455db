import type { TerminalIO } from '../terminal/terminal-io.js';
import { auditTrail } from '../session/audit-trail.js';
import { stepPrinter } from '../session/print-steps.js';
import { stopDebug } from '../session/stop-debug.js';
import type { Options } from './options.js';
import type { Output } from './output.js';
import { auditDeps } from './trail-deps.js';
import { connectKube } from './kube-connect.js';

/** `cg-debug stop POD [CONTAINER | --all]`: ends debug containers, audited; 0 also when they had already ended. */
export async function runStop(options: Extract<Options, { kind: 'stop' }>, { io, out }: { io: TerminalIO; out: Output }, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  const kube = connectKube(options.connection, signal);
  const onStep = stepPrinter((line) => out.note(line), { quiet: options.quiet });
  await stopDebug(
    { kube, onStep, signal, now: () => Math.round(performance.now() - started), audit: auditTrail(auditDeps(options.trail, kube)) },
    {
      namespace: kube.namespace,
      podArg: options.podArg,
      ...(options.container === undefined ? {} : { container: options.container }),
      all: options.all,
      timeoutMs: options.timeoutMs,
    },
    io,
  );
  return 0;
}
