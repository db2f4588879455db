import type { TerminalIO } from '../kube/attach.js';
import { connect } from '../kube/client.js';
import { stepPrinter } from '../session/print-steps.js';
import { stopDebug } from '../session/stop-debug.js';
import type { Options } from './options.js';

/** `cg-debug stop POD [CONTAINER | --all]`: ends debug containers; 0 also when they had already ended. */
export async function runStop(options: Extract<Options, { kind: 'stop' }>, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  const kube = connect(options.connection);
  const onStep = stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet });
  await stopDebug(
    { kube, onStep, signal, now: () => Math.round(performance.now() - started) },
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
