import { sanitizeText } from '../core/sanitize.js';
import type { OnStep, Step } from '../core/steps.js';

const MARK: Record<Step['status'], string> = { start: '…', done: '✓', info: '·', warn: '!' };

/**
 * Plain mode's renderer of session steps: one line each on stderr; --quiet keeps only warnings. Step
 * text carries what the cluster and registries said (Status messages, kubelet reasons, images), so it
 * is sanitized here, at the sink.
 */
export function stepPrinter(write: (line: string) => void, options: { quiet: boolean }): OnStep {
  return (step) => {
    if (step.status === 'start') return;
    if (options.quiet && step.status !== 'warn') return;
    const message = sanitizeText(step.message);
    const reason = step.reason ? sanitizeText(step.reason) : '';
    const prefix = reason && !message.includes(reason) ? `${reason}: ` : '';
    write(`${MARK[step.status]} ${prefix}${message}\n`);
  };
}
