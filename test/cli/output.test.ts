// The one writer every command prints through: server text cannot reach the terminal raw.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { output, sanitizeLines } from '../../src/cli/output.js';

const HOSTILE = 'ns\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { io: { stdout, stderr }, read: () => ({ stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') }) };
}

describe('output', () => {
  it.each([
    { name: 'text', write: (o: ReturnType<typeof output>) => o.text(`a ${HOSTILE}\nb\n`), want: { stdout: 'a nsevil\nb\n', stderr: '' } },
    { name: 'note', write: (o: ReturnType<typeof output>) => o.note(`✓ ${HOSTILE}\n`), want: { stdout: '', stderr: '✓ nsevil\n' } },
    {
      name: 'json escapes C1 and bidi controls JSON.stringify leaves raw',
      write: (o: ReturnType<typeof output>) => o.json({ name: HOSTILE }),
      want: { stdout: '{\n  "name": "ns\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eevil"\n}\n', stderr: '' },
    },
    {
      name: 'a redrawn status line keeps its own carriage return and erase, not the server text',
      write: (o: ReturnType<typeof output>) => o.redraw(`copying ${HOSTILE}: 1 MiB`),
      want: { stdout: '', stderr: '\r\u001b[2Kcopying nsevil: 1 MiB' },
    },
    { name: 'own text is written as it is', write: (o: ReturnType<typeof output>) => o.own('complete -F _x x\t\n'), want: { stdout: 'complete -F _x x\t\n', stderr: '' } },
  ])('$name', ({ write, want }) => {
    const { io, read } = capture();
    write(output(io));
    expect(read()).toEqual(want);
  });

  it('every byte a terminal could act on is gone from text, line breaks kept', () => {
    // eslint-disable-next-line no-control-regex -- matching controls is the point
    expect(sanitizeLines(`x${HOSTILE}\r\ny\n`)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
