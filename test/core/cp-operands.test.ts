import { describe, expect, it } from 'vitest';
import { parseCopyOperands, type CopyDirection } from '../../src/core/cp-operands.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseCopyOperands', () => {
  it.each<{ name: string; input: string[]; want: CopyDirection }>([
    {
      name: 'pod file to a local path',
      input: ['app:/srv/release/report.txt', 'report.txt'],
      want: { kind: 'download', podArg: 'app', remotePath: '/srv/release/report.txt', local: 'report.txt' },
    },
    {
      name: 'pod directory to a tar stream, path normalized',
      input: ['app:/srv//release/./', '-'],
      want: { kind: 'download', podArg: 'app', remotePath: '/srv/release', local: '-' },
    },
    {
      name: '.. is kept for the resolver to walk inside the target root',
      input: ['app:/app/../etc', 'out'],
      want: { kind: 'download', podArg: 'app', remotePath: '/app/../etc', local: 'out' },
    },
    {
      name: 'upload with no path goes to /tmp',
      input: ['./busybox', 'web-1:'],
      want: { kind: 'upload', podArg: 'web-1', remotePath: '/tmp', local: './busybox' },
    },
    {
      name: 'upload of a tar stream',
      input: ['-', 'app:/tmp/tools'],
      want: { kind: 'upload', podArg: 'app', remotePath: '/tmp/tools', local: '-' },
    },
    {
      name: 'a local path with a colon written ./a:b',
      input: ['app:/etc/passwd', './a:b'],
      want: { kind: 'download', podArg: 'app', remotePath: '/etc/passwd', local: './a:b' },
    },
  ])('$name', ({ input, want }) => {
    expect(parseCopyOperands(input)).toEqual(want);
  });

  it.each<{ name: string; input: string[]; want: RegExp }>([
    { name: 'one operand', input: ['app:/x'], want: /source and a destination, got 1/ },
    { name: 'two pods', input: ['a:/x', 'b:/y'], want: /not between two pods/ },
    { name: 'no pod', input: ['./a', './b'], want: /neither operand names a pod/ },
    { name: 'relative pod path', input: ['app:etc/passwd', 'x'], want: /is not absolute/ },
    { name: 'newline in a path', input: ['app:/a\nb', 'x'], want: /NUL or newline/ },
    { name: 'upload under /proc (the app filesystem)', input: ['./x', 'app:/proc/1/root/tmp'], want: /never writes under \/proc/ },
    { name: 'upload with ..', input: ['./x', 'app:/tmp/../proc/1/root'], want: /holds "\.\."/ },
    { name: 'empty local destination', input: ['app:/x', ''], want: /local destination is empty/ },
  ])('refuses $name', ({ input, want }) => {
    expect(() => parseCopyOperands(input)).toThrow(UsageError);
    expect(() => parseCopyOperands(input)).toThrow(want);
  });
});
