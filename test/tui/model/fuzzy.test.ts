import { describe, expect, it } from 'vitest';
import { fuzzyMatch, fuzzyScorer } from '../../../src/tui/model/fuzzy.js';

describe('fuzzyMatch', () => {
  it.each([
    { name: 'empty pattern matches everything', pattern: '', text: 'web', want: [] },
    { name: 'prefix', pattern: 'web', text: 'web-7d9f', want: [0, 1, 2] },
    { name: 'subsequence', pattern: 'wf', text: 'web-7d9f', want: [0, 7] },
    { name: 'prefers word starts', pattern: 'ap', text: 'nginx-app', want: [6, 7] },
    { name: 'prefers a consecutive run', pattern: 'api', text: 'a-p-i-api', want: [6, 7, 8] },
    { name: 'case-insensitive for lowercase patterns', pattern: 'web', text: 'WebServer', want: [0, 1, 2] },
    { name: 'camelCase hump counts as a word start', pattern: 'ws', text: 'webServer', want: [0, 3] },
    { name: 'a match between earlier and later occurrences', pattern: 'svc', text: 'cg-bench-042/svc-cart-00042', want: [13, 14, 15] },
    { name: 'the last character at its last occurrence', pattern: 'c2', text: 'cart-c-0002', want: [5, 10] },
  ])('$name', ({ pattern, text, want }) => {
    expect(fuzzyMatch(pattern, text)?.positions).toEqual(want);
  });

  it.each([
    { name: 'missing character', pattern: 'xyz', text: 'web' },
    { name: 'wrong order', pattern: 'bw', text: 'web' },
    { name: 'uppercase pattern is case-sensitive', pattern: 'Web', text: 'web' },
  ])('no match: $name', ({ pattern, text }) => {
    expect(fuzzyMatch(pattern, text)).toBeUndefined();
  });

  it('ranks consecutive and word-start matches above scattered ones', () => {
    // As in fzf, word starts outweigh a gap: a-p-p-x ranks above myapp.
    const texts = ['myapp', 'xaxpxp', 'a-p-p-x', 'app-server'];
    const ranked = texts
      .map((text) => ({ text, score: fuzzyMatch('app', text)?.score ?? -1 }))
      .sort((a, b) => b.score - a.score)
      .map((r) => r.text);
    expect(ranked).toEqual(['app-server', 'a-p-p-x', 'myapp', 'xaxpxp']);
  });
});

describe('fuzzyScorer on a part of a kept text', () => {
  // The picker keeps `namespace/name` and its lower case per row; the name alone starts after the slash.
  it.each([
    { name: 'the name alone scores as if it stood by itself', input: { pattern: 'web', text: 'shop/web-7d9f', from: 5 }, want: 'web-7d9f' },
    { name: 'a word start right after the slash', input: { pattern: 'wf', text: 'shop/web-7d9f', from: 5 }, want: 'web-7d9f' },
    { name: 'the namespace is not matched from the name on', input: { pattern: 'shop', text: 'shop/web-7d9f', from: 5 }, want: 'web-7d9f' },
    { name: 'upper case in the text, the lower case kept', input: { pattern: 'ws', text: 'Shop/WebServer', from: 5 }, want: 'WebServer' },
    { name: 'the whole text', input: { pattern: 'sw', text: 'shop/web-7d9f', from: 0 }, want: 'shop/web-7d9f' },
    // One character is scored without an alignment: the same scores as one.
    { name: 'one character at the start', input: { pattern: 's', text: 'shop/svc-7d9f', from: 5 }, want: 'svc-7d9f' },
    { name: 'one character, best at a later word start', input: { pattern: 'c', text: 'shop/svc-cart', from: 5 }, want: 'svc-cart' },
    { name: 'one character after a camel hump', input: { pattern: 's', text: 'shop/webServer', from: 5 }, want: 'webServer' },
    { name: 'one character inside a word only', input: { pattern: 'e', text: 'shop/web', from: 5 }, want: 'web' },
    { name: 'one character after a digit run', input: { pattern: '7', text: 'shop/web7', from: 5 }, want: 'web7' },
    { name: 'one character in the namespace alone', input: { pattern: 'h', text: 'shop/web', from: 5 }, want: 'web' },
    { name: 'one character, the whole text', input: { pattern: 'w', text: 'shop/web', from: 0 }, want: 'shop/web' },
    { name: 'one upper-case character is case-sensitive', input: { pattern: 'S', text: 'shop/webServer', from: 5 }, want: 'webServer' },
    { name: 'one upper-case character absent in that case', input: { pattern: 'W', text: 'shop/web', from: 5 }, want: 'web' },
  ])('$name', ({ input, want }) => {
    const score = fuzzyScorer(input.pattern);
    expect(score(input.text, input.text.toLowerCase(), input.from)).toBe(fuzzyMatch(input.pattern, want)?.score);
  });
});
