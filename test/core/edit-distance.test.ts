import { describe, expect, it } from 'vitest';
import { closestWord, editDistance } from '../../src/core/edit-distance.js';

describe('editDistance', () => {
  it.each([
    { name: 'same word', input: ['stop', 'stop'], want: 0 },
    { name: 'swapped neighbours are one edit', input: ['stpo', 'stop'], want: 1 },
    { name: 'a letter missing', input: ['packges', 'packages'], want: 1 },
    { name: 'a letter added', input: ['lss', 'ls'], want: 1 },
    { name: 'a letter changed', input: ['doctur', 'doctor'], want: 1 },
    { name: 'from nothing', input: ['', 'cp'], want: 2 },
    { name: 'unrelated', input: ['web', 'stop'], want: 4 },
  ])('$name', ({ input, want }) => {
    expect(editDistance(input[0] as string, input[1] as string)).toBe(want);
  });
});

describe('closestWord', () => {
  const commands = ['dev-image', 'completion', 'config', 'ls', 'stop', 'cp', 'packages', 'doctor', 'help'];
  it.each([
    { name: 'a swap', input: 'stpo', want: 'stop' },
    { name: 'a missing letter', input: 'packges', want: 'packages' },
    { name: 'a doubled letter', input: 'lss', want: 'ls' },
    { name: 'upper case', input: 'Doctor', want: 'doctor' },
    { name: 'a pod name is not a typo', input: 'web-6f7c9', want: undefined },
    { name: 'two letters are too short to guess', input: 'cd', want: undefined },
    { name: 'the word itself is no suggestion', input: 'stop', want: undefined },
    { name: 'three edits is too far', input: 'configure', want: undefined },
  ])('$name', ({ input, want }) => {
    expect(closestWord(input, commands)).toBe(want);
  });
  it('flags', () => {
    expect(closestWord('--namepsace', ['-n', '--namespace', '--name'])).toBe('--namespace');
    expect(closestWord('-c', ['-n', '-o'])).toBeUndefined();
  });
});
