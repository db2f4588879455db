import type { TerminalIO } from '../terminal/terminal-io.js';
import { connect } from '../kube/client.js';
import { auditTrail } from '../session/audit-trail.js';
import { stepPrinter } from '../session/print-steps.js';
import { stopDebug } from '../session/stop-debug.js';
import type { Options } from './options.js';
import { auditDeps } from './trail-deps.js';

/** `cg-debug stop POD [CONTAINER | --all]`: ends debug containers, audited; 0 also when they had already ended. */
export async function runStop(options: Extract<Options, { kind: 'stop' }>, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  const kube = connect(options.connection);
  const onStep = stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet });
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
