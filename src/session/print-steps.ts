import type { OnStep, Step } from './steps.js';

const MARK: Record<Step['status'], string> = { start: '…', done: '✓', info: '·', warn: '!' };

/** Plain mode's renderer of session steps: one line each on stderr; --quiet keeps only warnings. */
export function stepPrinter(write: (line: string) => void, options: { quiet: boolean }): OnStep {
  return (step) => {
    if (step.status === 'start') return;
    if (options.quiet && step.status !== 'warn') return;
    const reason = step.reason && !step.message.includes(step.reason) ? `${step.reason}: ` : '';
    write(`${MARK[step.status]} ${reason}${step.message}\n`);
  };
}
