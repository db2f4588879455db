// The session's Step events as screen lines: a phase that started and finished is one line.
import type { Step, StepId } from '../../core/steps.js';
import { sanitizeText } from '../../core/sanitize.js';

export interface StepLine {
  id: StepId;
  state: 'running' | 'done' | 'info' | 'warn';
  message: string;
  reason?: string;
  at: number;
}

export function stepLines(steps: readonly Step[]): StepLine[] {
  const lines: StepLine[] = [];
  for (const step of steps) {
    const line: StepLine = {
      id: step.id,
      state: step.status === 'start' ? 'running' : step.status,
      message: sanitizeText(step.message),
      at: step.at,
      ...(step.reason === undefined ? {} : { reason: sanitizeText(step.reason) }),
    };
    if (step.status === 'done') {
      const open = lines.findLastIndex((l) => l.id === step.id && l.state === 'running');
      if (open >= 0) {
        lines[open] = line;
        continue;
      }
    }
    const last = lines[lines.length - 1];
    // The kubelet repeats its waiting reason while it waits: one line is enough.
    if (last !== undefined && last.id === line.id && last.state === line.state && last.message === line.message && last.reason === line.reason) {
      lines[lines.length - 1] = line;
      continue;
    }
    lines.push(line);
  }
  return lines;
}

/** `+1.2s`: time since the session started. */
export function formatElapsed(ms: number): string {
  return `+${(ms / 1000).toFixed(1)}s`;
}
