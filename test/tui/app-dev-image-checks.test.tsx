// The pod list checks the rows on screen against the registries (a fake resolver here; the e2e test
// uses the real registry): bounded, shared per image, aborted when rows leave the screen.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { DevImageAnswer } from '../../src/tui/model/dev-image-checks.js';
import { makePod } from './support/pods.js';
import { KEYS, renderApp } from './support/harness.js';

afterEach(() => cleanup());

const DIGEST = `sha256:${'12'.repeat(32)}`;
const DEV_DIGEST = `sha256:${'ab'.repeat(32)}`;

function pinnedPod() {
  const pod = makePod({ name: 'pinned', namespace: 'shop', image: `cgr.dev/chainguard/app@${DIGEST}` });
  const status = pod.status?.containerStatuses?.[0];
  if (status) status.imageID = `cgr.dev/chainguard/app@${DIGEST}`;
  return pod;
}

const exists = (run: string, rule: DevImageAnswer['rule'] = 'digest-tag-dev'): DevImageAnswer => ({ run, verified: 'exists', rule, confidence: rule === 'default-image' ? 'guess' : 'exact' });

describe('registry checks of the rows on screen', () => {
  it('shows the pinned reference that would run, the default image for an image with no sibling, ? when the registry is not reached', async () => {
    const app = renderApp();
    await app.settle();
    app.list([
      pinnedPod(),
      makePod({ name: 'nodev', namespace: 'shop', image: 'cgr.dev/chainguard/thing:2.0' }),
      makePod({ name: 'away', namespace: 'shop', image: 'cgr.dev/chainguard/nginx:1.25' }),
    ]);
    await app.settle();
    expect(app.frame()).toMatch(/pinned .*chainguard\/app:latest-dev…/);
    expect(app.checks.map((c) => c.app)).toEqual([
      { image: 'cgr.dev/chainguard/nginx:1.25' },
      { image: 'cgr.dev/chainguard/thing:2.0' },
      { image: `cgr.dev/chainguard/app@${DIGEST}`, imageID: `cgr.dev/chainguard/app@${DIGEST}` },
    ]);

    const byImage = (image: string) => app.checks.find((c) => c.app.image === image)?.result;
    byImage(`cgr.dev/chainguard/app@${DIGEST}`)?.resolve(exists(`cgr.dev/chainguard/app:4.5.6-dev@${DEV_DIGEST}`));
    byImage('cgr.dev/chainguard/thing:2.0')?.resolve(exists('cgr.dev/chainguard/wolfi-base:latest', 'default-image'));
    byImage('cgr.dev/chainguard/nginx:1.25')?.resolve({ run: 'cgr.dev/chainguard/nginx:1.25-dev', verified: 'unreachable', rule: 'tag-dev', confidence: 'likely' });
    await app.settle();
    const frame = app.frame();
    // 100 columns leave no room for the digest (fitImage drops it first; model tests cover the whole reference).
    expect(frame).toMatch(/pinned .* \* +chainguard\/app:4\.5\.6-dev +\d/);
    expect(frame).toMatch(/nodev .*thing:2\.0 {4,}(chainguard\/)?wolfi-base:latest +\d/);
    expect(frame).not.toContain('thing:2.0-dev');
    expect(frame).toMatch(/away .*chainguard\/nginx:1\.25-dev\? +\d/);
    // Answers are kept: leaving for the plan screen and back asks nothing again.
    expect(app.checks).toHaveLength(3);
  });

  it('asks once per image, at most four at a time, and aborts the checks of rows scrolled away', async () => {
    const app = renderApp();
    await app.settle();
    // 60 pods on 30 images: two rows per image; the screen shows the first rows only.
    app.list(Array.from({ length: 60 }, (_, i) => makePod({ name: `pod-${String(i).padStart(2, '0')}`, namespace: 'shop', image: `cgr.dev/chainguard/img${Math.floor(i / 2)}:1` })));
    await app.settle();
    expect(app.checks.map((c) => c.app.image)).toEqual(['img0', 'img1', 'img2', 'img3'].map((n) => `cgr.dev/chainguard/${n}:1`));

    app.checks[0]?.result.resolve(exists('cgr.dev/chainguard/img0:1-dev', 'tag-dev'));
    await app.settle();
    expect(app.checks.map((c) => c.app.image).at(-1)).toBe('cgr.dev/chainguard/img4:1');
    expect(app.checks.filter((c) => !c.signal.aborted)).toHaveLength(5);

    await app.press('G');
    const gone = app.checks.slice(1, 5);
    expect(gone.every((c) => c.signal.aborted)).toBe(true);
    expect(app.checks.slice(5).every((c) => /img(1\d|2\d)/.test(c.app.image))).toBe(true);
    expect(app.checks.filter((c) => !c.signal.aborted)).toHaveLength(5);
  });

  it('a failed check shows the name-based choice marked ?, and nothing is asked while the plan screen shows', async () => {
    const app = renderApp();
    await app.settle();
    app.list([makePod({ name: 'web', namespace: 'shop', image: 'cgr.dev/chainguard/nginx:1.25' })]);
    await app.settle();
    app.checks[0]?.result.reject(new Error('boom'));
    await app.settle();
    expect(app.frame()).toMatch(/web .*chainguard\/nginx:1\.25-dev\?/);
    await app.press(KEYS.enter);
    expect(app.plans).toHaveLength(1);
    expect(app.checks).toHaveLength(1);
  });
});
