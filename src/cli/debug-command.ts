import type { TerminalIO } from '../terminal/terminal-io.js';
import type { Kube } from '../kube/client.js';
import { planDebug } from '../session/debug-session.js';
import { sessionTrail } from '../session/session-trail.js';
import { sessionDeps } from '../session/session-deps.js';
import type { OnStep } from '../core/steps.js';
import { hostAnswerCache } from '../registry/answer-cache.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { dryRunDocument } from './format-plan.js';
import type { Options } from './options.js';
import { output } from './output.js';
import { stepPrinter } from '../session/print-steps.js';
import { asInvoked, PROGRAM } from './program-name.js';
import { timingMarks } from './timings.js';
import { openTrail } from './trail-deps.js';

/**
 * Direct mode: `cg-debug POD [-- COMMAND]`, from options to the shell's exit code, on the client that
 * debug-start.ts connected (its first reads already sent).
 */
export async function runDebug(options: Extract<Options, { kind: 'debug' }>, kube: Kube, io: TerminalIO, signal: AbortSignal, program: string = PROGRAM): Promise<number> {
  const started = performance.now();
  const out = output(io);
  const mark = timingMarks((line) => out.note(line));
  mark?.('modules', 'done');
  // Progress lines carry hints too ("cg-debug ls ... lists them"): as the user called us.
  const printStep = stepPrinter((line) => out.note(asInvoked(line, program)), { quiet: options.quiet });
  const opened = openTrail(options.trail, kube, process.env);
  try {
    const trail = sessionTrail(opened.deps);
    const onStep: OnStep = mark ? (step) => (mark(step.id, step.status), printStep(step)) : printStep;
    const deps = sessionDeps({ kube, signal, registryAuth: hostRegistryAuth(process.env), registryCache: hostAnswerCache(process.env) }, onStep, started);
    // The plan changes nothing, so only start and connect are audited.
    const plan = await planDebug(deps, options.request, options.where);
    if (options.dryRun) {
      const doc = dryRunDocument(plan);
      if (options.dryRun === 'json') out.json(doc);
      else {
        // Only --dry-run -o yaml loads the whole client, for its YAML form of Kubernetes objects.
        const { dumpYaml } = await import('../kube/full-client.js');
        out.yaml(dumpYaml(doc, { noRefs: true }));
      }
      return 0;
    }
    const running = await trail.start(deps, plan, { execEarly: true });
    const code = await trail.connect(deps, plan, running, io);
    mark?.(plan.command ? 'command' : 'shell', 'done');
    return code;
  } finally {
    opened.close();
  }
}
