// N14: with more than the app's privileges, the debug image must come from a publisher the operator chose,
// not from the app's own repository (whose owner would choose the shell binary the operator types into).
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING, type ImageMapping } from '../../src/core/dev-image.js';
import { parseImageRef } from '../../src/core/image-ref.js';
import { elevatedImageProblem } from '../../src/core/image-trust.js';
import type { ProfileName } from '../../src/core/profiles.js';

const input = (image: string, rule: string, more: { asRoot?: boolean; applied?: ProfileName; mapping?: ImageMapping } = {}) => ({
  image: { ref: parseImageRef(image), rule },
  asRoot: more.asRoot ?? false,
  applied: more.applied ?? 'restricted',
  mapping: more.mapping ?? DEFAULT_IMAGE_MAPPING,
});

describe('elevatedImageProblem', () => {
  it.each([
    { name: "the app's user: any image, the app's privileges", input: input('evil.example/app:1-dev', 'tag-dev'), want: false },
    { name: 'baseline adds nothing', input: input('evil.example/app:1-dev', 'tag-dev', { applied: 'baseline' }), want: false },
    { name: '--as-root with a sibling from the app registry', input: input('evil.example/app:1-dev', 'tag-dev', { asRoot: true }), want: true },
    { name: 'general with an already -dev app image', input: input('evil.example/app:1-dev', 'already-dev', { applied: 'general' }), want: true },
    { name: 'sysadmin with a chainguard-named path elsewhere', input: input('evil.example/chainguard/app:1-dev', 'tag-dev', { applied: 'sysadmin' }), want: true },
    { name: 'netadmin on cgr.dev', input: input('cgr.dev/chainguard/nginx:1.25-dev', 'tag-dev', { applied: 'netadmin' }), want: false },
    { name: '--as-root on Google distroless', input: input('gcr.io/distroless/static:debug', 'distroless-debug', { asRoot: true }), want: false },
    { name: '--as-root with --image', input: input('evil.example/tools:1', 'override', { asRoot: true }), want: false },
    { name: '--as-root with the default debug image', input: input('cgr.dev/chainguard/wolfi-base:latest', 'default-image', { asRoot: true }), want: false },
    {
      name: '--as-root from a configured mirror',
      input: input('registry.corp/cgr/nginx:1.25-dev', 'tag-dev', { asRoot: true, mapping: { ...DEFAULT_IMAGE_MAPPING, mirrors: [{ from: 'registry.corp/cgr/', to: 'cgr.dev/chainguard/' }] } }),
      want: false,
    },
    { name: '--as-root from the same registry, outside the mirror path', input: input('registry.corp/tenant/nginx:1.25-dev', 'tag-dev', { asRoot: true, mapping: { ...DEFAULT_IMAGE_MAPPING, mirrors: [{ from: 'registry.corp/cgr/', to: 'cgr.dev/chainguard/' }] } }), want: true },
    { name: '--as-root from a node-local registry', input: input('127.0.0.1:5000/chainguard/app:1-dev', 'tag-dev', { asRoot: true }), want: false },
  ])('$name', ({ input: given, want }) => {
    const problem = elevatedImageProblem(given);
    expect(problem !== undefined).toBe(want);
    if (want) expect(problem).toMatch(/chosen from the app's own repository, and would run (as root|with --profile \w+), with more than the app's privileges/);
  });
});
