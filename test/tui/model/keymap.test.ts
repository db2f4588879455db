import { describe, expect, it } from 'vitest';
import { pressesOfText } from '../../../src/tui/model/keymap.js';

describe('pressesOfText', () => {
  it.each([
    { name: 'a filter opened and typed', input: '/wk', want: [{ key: '/', text: '/' }, { key: 'w', text: 'w' }, { key: 'k', text: 'k' }] },
    { name: 'Enter at the end of a paste', input: 'a\r', want: [{ key: 'a', text: 'a' }, { key: 'enter', text: '' }] },
    { name: 'a newline is Enter too', input: 'a\n', want: [{ key: 'a', text: 'a' }, { key: 'enter', text: '' }] },
    { name: 'Tab and Backspace', input: '\tx\u007f', want: [{ key: 'tab', text: '' }, { key: 'x', text: 'x' }, { key: 'backspace', text: '' }] },
    { name: 'Ctrl+C inside the run', input: 'q\u0003', want: [{ key: 'q', text: 'q' }, { key: 'ctrl+c', text: '' }] },
    { name: 'a character outside the BMP is one key', input: 'a😀', want: [{ key: 'a', text: 'a' }, { key: '😀', text: '😀' }] },
  ])('$name', ({ input, want }) => {
    expect(pressesOfText(input)).toEqual(want);
  });
});
