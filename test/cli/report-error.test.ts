import { describe, expect, it } from 'vitest';
import { errorReport } from '../../src/cli/report-error.js';
import { ForbiddenError, NotFoundError } from '../../src/core/errors.js';

describe('errorReport', () => {
  it.each([
    {
      name: 'a typed error with a hostile Status message and hint',
      input: new NotFoundError('pods "x\u001b]0;owned\u0007" not found', { hint: 'try \u001b[2Jcg-debug -A\u009b31m' }),
      want: { text: 'cg-debug: pods "x" not found\n  hint: try cg-debug -A\n', exitCode: 67 },
    },
    {
      name: 'a user name with OSC 52 in a 403',
      input: new ForbiddenError('user "e\u001b]52;c;cm0gLXJm\u0007ve" cannot patch', { verb: 'patch', resource: 'pods/ephemeralcontainers' }),
      want: { text: 'cg-debug: user "eve" cannot patch\n', exitCode: 69 },
    },
    {
      name: 'an unexpected error',
      input: new Error('boom\u001b[2J\nsecond line'),
      want: { text: 'cg-debug: internal error: boom second line\n  hint: rerun with CG_DEBUG_TRACE=1 and report it\n', exitCode: 1 },
    },
  ])('$name', ({ input, want }) => {
    expect(errorReport(input, { trace: false })).toEqual(want);
  });

  it('keeps a trace on several lines, each sanitized', () => {
    const error = new Error('bad\u001b]0;t\u0007');
    error.stack = 'Error: bad\u001b]0;t\u0007\n    at f (x.js:1:1)';
    expect(errorReport(error, { trace: true }).text).toBe('cg-debug: internal error: Error: bad\n    at f (x.js:1:1)\n  hint: rerun with CG_DEBUG_TRACE=1 and report it\n');
  });
});
