// The config file's mapping rules in the pure -dev mapping: mirrors and devTags.
import { describe, expect, it } from 'vitest';
import { devImageCandidates, devTagByRule } from '../../src/core/dev-image.js';
import { parseImageRef } from '../../src/core/image-ref.js';

const defaultImage = 'cgr.dev/chainguard/wolfi-base:latest';
const mirrors = [{ from: 'registry.corp/cgr/', to: 'cgr.dev/' }];

describe('mirrors', () => {
  it.each([
    {
      name: 'a mirror of cgr.dev gets the cgr.dev rules, under the mirror',
      input: 'registry.corp/cgr/chainguard/python:3.12',
      want: [
        ['registry.corp/cgr/chainguard/python:3.12-dev', 'tag-dev', 'mirror registry.corp/cgr/* as cgr.dev/*: cgr.dev tag 3.12 -> 3.12-dev'],
        ['registry.corp/cgr/chainguard/python:latest-dev', 'fallback-latest-dev', 'mirror registry.corp/cgr/* as cgr.dev/*: cgr.dev fallback latest-dev when 3.12-dev does not exist'],
        [defaultImage, 'default-image', 'no -dev variant is known for registry.corp/cgr/chainguard/python:3.12; using the default debug image cgr.dev/chainguard/wolfi-base:latest'],
      ],
    },
    {
      name: 'outside the mirror prefix: no cgr.dev fallback',
      input: 'registry.corp/other/python:3.12',
      want: [
        ['registry.corp/other/python:3.12-dev', 'tag-dev', 'registry.corp tag 3.12 -> 3.12-dev'],
        [defaultImage, 'default-image', 'no -dev variant is known for registry.corp/other/python:3.12; using the default debug image cgr.dev/chainguard/wolfi-base:latest'],
      ],
    },
  ])('$name', ({ input, want }) => {
    expect(devImageCandidates(parseImageRef(input), { defaultImage, mirrors, devTags: [] }).map((c) => [c.image, c.rule, c.reason])).toEqual(want);
  });
});

describe('devTags', () => {
  const devTags = [{ tag: '*-slim', dev: '*-dev' }];
  it.each([
    { tag: '3.12-slim', want: '3.12-dev' },
    { tag: '3.12', want: undefined },
    { tag: '-slim', want: undefined },
  ])('$tag -> $want', ({ tag, want }) => expect(devTagByRule(tag, devTags)?.dev).toBe(want));

  it('a matching rule comes before the -dev suffix rule', () => {
    const got = devImageCandidates(parseImageRef('reg.example/app:3.12-slim'), { defaultImage, mirrors: [], devTags }).map((c) => [c.image, c.rule, c.confidence]);
    expect(got).toEqual([
      ['reg.example/app:3.12-dev', 'dev-tag-rule', 'exact'],
      ['reg.example/app:3.12-slim-dev', 'tag-dev', 'exact'],
      [defaultImage, 'default-image', 'guess'],
    ]);
  });
});
