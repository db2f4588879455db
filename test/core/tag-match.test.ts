import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING, matchedTagCandidates } from '../../src/core/dev-image.js';
import { parseImageRef } from '../../src/core/image-ref.js';
import { closestFromHistory, digestOfImageID, matchDigestTag, tagSpecificity, tagsToCheck } from '../../src/core/tag-match.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('tagSpecificity', () => {
  it.each([
    { input: 'latest', want: 0 },
    { input: '1', want: 1 },
    { input: '1.2', want: 2 },
    { input: '1.2.3', want: 3 },
    { input: '1.2.3-r1', want: 4 },
  ])('$input -> $want', ({ input, want }) => expect(tagSpecificity(input)).toBe(want));
});

describe('tagsToCheck', () => {
  it.each([
    {
      name: 'only tags with a -dev sibling, most specific first, latest last',
      tags: ['latest', 'latest-dev', '1.2', '1.2-dev', '1.2.3', '1.2.3-dev', '1.3', 'sha256-' + 'a'.repeat(64) + '.sig'],
      options: { limit: 10 },
      want: ['1.2.3', '1.2', 'latest'],
    },
    { name: 'the tag written next to the digest goes first, listed or not', tags: ['latest', 'latest-dev'], options: { limit: 10, preferred: '9.9' }, want: ['9.9', 'latest'] },
    { name: 'bounded', tags: ['1', '1-dev', '2', '2-dev', '3', '3-dev'], options: { limit: 2 }, want: ['3', '2'] },
    { name: 'nothing useful', tags: ['1.0', 'nightly'], options: { limit: 5 }, want: [] },
  ])('$name', ({ tags, options, want }) => expect(tagsToCheck(tags, options)).toEqual(want));
});

describe('matchDigestTag', () => {
  it.each([
    {
      name: 'several tags share the digest: the most specific wins, the others are named',
      checks: [
        { tag: 'latest', digests: [d('a')] },
        { tag: '1.2.3', digests: [d('a')] },
        { tag: '1.2', digests: [d('a')] },
      ],
      wanted: [d('a')],
      want: { tag: '1.2.3', quality: 'exact', reason: "tag 1.2.3 points at the app's digest now (its digest); also tagged latest, 1.2" },
    },
    {
      name: 'the imageID names a platform manifest inside the index',
      checks: [{ tag: '2.0', digests: [d('i'), d('p'), d('q')] }],
      wanted: [d('x'), d('p')],
      want: { tag: '2.0', quality: 'exact', reason: "tag 2.0 points at the app's digest now (an image in its index)" },
    },
    { name: 'no tag points at it', checks: [{ tag: '1', digests: [d('b')] }], wanted: [d('a')], want: undefined },
  ])('$name', ({ checks, wanted, want }) => expect(matchDigestTag(checks, wanted)).toEqual(want));
});

describe('closestFromHistory', () => {
  const app = [
    { digest: d('1'), updateTimestamp: '2026-01-01T00:00:00Z' },
    { digest: d('3'), updateTimestamp: '2026-03-01T00:00:00Z' },
    { digest: d('2'), updateTimestamp: '2026-02-01T00:00:00Z' },
  ];
  const dev = [
    { digest: d('c'), updateTimestamp: '2026-02-01T00:00:05Z' },
    { digest: d('b'), updateTimestamp: '2026-01-01T00:00:07Z' },
    { digest: d('e'), updateTimestamp: '2026-03-01T00:00:09Z' },
  ];
  it.each([
    {
      name: 'the -dev digest current when the app digest stopped being the tag',
      wanted: [d('1')],
      want: {
        tag: 'latest',
        quality: 'closest',
        reason: `the app's digest was tag latest from 2026-01-01T00:00:00Z to 2026-02-01T00:00:00Z (tag history); latest-dev of that time is ${d('b')}`,
        devDigest: d('b'),
      },
    },
    { name: 'the digest is not in the history', wanted: [d('9')], want: undefined },
  ])('$name', ({ wanted, want }) => expect(closestFromHistory('latest', app, dev, wanted)).toEqual(want));
});

describe('digestOfImageID', () => {
  it.each([
    { input: `docker-pullable://reg/x@${d('a')}`, want: d('a') },
    { input: `reg/x@${d('b')}`, want: d('b') },
    { input: d('c'), want: d('c') },
    { input: '', want: undefined },
    { input: undefined, want: undefined },
  ])('$input', ({ input, want }) => expect(digestOfImageID(input)).toBe(want));
});

describe('matchedTagCandidates', () => {
  const source = parseImageRef(`cgr.dev/chainguard/app@${d('a')}`);
  const mapping = DEFAULT_IMAGE_MAPPING;
  it('exact: T-dev first, then cgr.dev latest-dev and the default image', () => {
    const match = { tag: '1.2.3', quality: 'exact' as const, reason: 'r' };
    expect(matchedTagCandidates(source, match, mapping).map((c) => [c.image, c.rule, c.confidence])).toEqual([
      ['cgr.dev/chainguard/app:1.2.3-dev', 'digest-tag-dev', 'exact'],
      ['cgr.dev/chainguard/app:latest-dev', 'fallback-latest-dev', 'guess'],
      ['cgr.dev/chainguard/wolfi-base:latest', 'default-image', 'guess'],
    ]);
  });
  it('closest: T-dev at the digest of that time, never the current T-dev', () => {
    const match = { tag: 'latest', quality: 'closest' as const, reason: 'r', devDigest: d('b') };
    const candidates = matchedTagCandidates(source, match, mapping);
    expect(candidates.map((c) => [c.image, c.rule, c.confidence])).toEqual([
      [`cgr.dev/chainguard/app:latest-dev@${d('b')}`, 'digest-tag-dev', 'likely'],
      ['cgr.dev/chainguard/wolfi-base:latest', 'default-image', 'guess'],
    ]);
    expect(candidates[0]?.warnings).toEqual(["the app's digest is no longer tag latest: using latest-dev as it was then"]);
  });
});
