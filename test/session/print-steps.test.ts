import { describe, expect, it } from 'vitest';
import { stepPrinter } from '../../src/session/print-steps.js';
import type { Step } from '../../src/core/steps.js';

function printed(step: Step, quiet = false): string {
  const lines: string[] = [];
  stepPrinter((line) => lines.push(line), { quiet })(step);
  return lines.join('');
}

describe('stepPrinter', () => {
  it.each([
    { name: 'a done step', input: { step: { id: 'pod', status: 'done', message: 'pod shop/web' } as Step }, want: '✓ pod shop/web\n' },
    {
      name: 'a Status message with a title and a screen clear',
      input: { step: { id: 'patch', status: 'warn', message: 'denied: \u001b]0;owned\u0007x\u001b[2Jy' } as Step },
      want: '! denied: xy\n',
    },
    {
      name: 'a kubelet reason with an OSC 52 clipboard write',
      input: { step: { id: 'wait', status: 'info', message: 'pulling', reason: 'ErrImagePull\u001b]52;c;ZWNobw==\u0007' } as Step },
      want: '· ErrImagePull: pulling\n',
    },
    {
      name: 'an image with C1 CSI and a bidi override',
      input: { step: { id: 'image', status: 'done', message: 'debug image a\u009b31m\u202eb' } as Step },
      want: '✓ debug image ab\n',
    },
    { name: 'a message with line breaks stays one line', input: { step: { id: 'pod', status: 'done', message: 'a\nb\r\nc' } as Step }, want: '✓ a b c\n' },
  ])('$name', ({ input, want }) => {
    expect(printed(input.step)).toBe(want);
  });

  it('prints only warnings when quiet', () => {
    expect(printed({ id: 'pod', status: 'done', message: 'pod' } as Step, true)).toBe('');
    expect(printed({ id: 'pod', status: 'warn', message: 'careful' } as Step, true)).toBe('! careful\n');
  });
});
