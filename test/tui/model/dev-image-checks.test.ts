import { describe, expect, it } from 'vitest';
import {
  checkTargets,
  devImageCell,
  distrolessMark,
  nextRecheckIn,
  planChecks,
  RECHECK_MS,
  type CheckTarget,
  type DevImageAnswer,
  type DevImageCheck,
} from '../../../src/tui/model/dev-image-checks.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';
import { createRowDeriver } from '../../../src/tui/model/pod-rows.js';
import { makePod } from '../support/pods.js';

const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);
const NOW = 1_000_000;
const DIGEST = `sha256:${'12'.repeat(32)}`;
const nginx = derive(makePod({ name: 'web', image: 'cgr.dev/chainguard/nginx:1.25' }));
const nginx2 = derive(makePod({ name: 'web2', image: 'cgr.dev/chainguard/nginx:1.25' }));
const pinnedPod = makePod({ name: 'pinned', image: `cgr.dev/chainguard/app@${DIGEST}` });
const status = pinnedPod.status?.containerStatuses?.[0];
if (status) status.imageID = `cgr.dev/chainguard/app@${DIGEST}`;
const pinned = derive(pinnedPod);
const nodev = derive(makePod({ name: 'other', image: 'quay.io/org/thing:2.0' }));
const broken = derive(makePod({ name: 'broken', image: 'Not An Image' }));

const answer = (a: Partial<DevImageAnswer> = {}): DevImageAnswer => ({
  run: 'cgr.dev/chainguard/nginx:1.25-dev',
  verified: 'exists',
  rule: 'tag-dev',
  confidence: 'exact',
  ...a,
});
const answered = (a: Partial<DevImageAnswer> = {}, at = NOW): DevImageCheck => ({ kind: 'answered', answer: answer(a), at });
const target = (key: string): CheckTarget => ({ key, image: key });

describe('checkTargets', () => {
  it.each([
    { name: 'rows with one image share a check', input: [nginx, nginx2], want: [{ key: 'cgr.dev/chainguard/nginx:1.25', image: 'cgr.dev/chainguard/nginx:1.25' }] },
    {
      name: 'a pinned image is checked with its imageID',
      input: [pinned],
      want: [{ key: `cgr.dev/chainguard/app@${DIGEST} cgr.dev/chainguard/app@${DIGEST}`, image: `cgr.dev/chainguard/app@${DIGEST}`, imageID: `cgr.dev/chainguard/app@${DIGEST}` }],
    },
    { name: 'an image that does not parse is not asked about', input: [broken], want: [] },
    { name: 'screen order', input: [nodev, nginx], want: [{ key: 'quay.io/org/thing:2.0', image: 'quay.io/org/thing:2.0' }, { key: 'cgr.dev/chainguard/nginx:1.25', image: 'cgr.dev/chainguard/nginx:1.25' }] },
  ])('$name', ({ input, want }) => {
    expect(checkTargets(input)).toEqual(want);
  });
});

describe('planChecks', () => {
  it.each<{ name: string; targets: string[]; checks: [string, DevImageCheck][]; running: string[]; limit?: number; want: { start: string[]; cancel: string[] } }>([
    { name: 'unchecked targets start, up to the limit', targets: ['a', 'b', 'c'], checks: [], running: [], limit: 2, want: { start: ['a', 'b'], cancel: [] } },
    { name: 'running checks count against the limit', targets: ['a', 'b', 'c'], checks: [], running: ['a'], limit: 2, want: { start: ['b'], cancel: [] } },
    { name: 'checks of rows off screen are cancelled and free their slot', targets: ['c', 'd'], checks: [], running: ['a', 'b'], limit: 2, want: { start: ['c', 'd'], cancel: ['a', 'b'] } },
    { name: 'a confirmed answer holds however old', targets: ['a'], checks: [['a', answered({}, NOW - 10 * RECHECK_MS)]], running: [], want: { start: [], cancel: [] } },
    { name: 'an unreachable answer holds briefly', targets: ['a'], checks: [['a', answered({ verified: 'unreachable' }, NOW - RECHECK_MS + 1)]], running: [], want: { start: [], cancel: [] } },
    { name: 'then it is asked again', targets: ['a'], checks: [['a', answered({ verified: 'unreachable' }, NOW - RECHECK_MS)]], running: [], want: { start: ['a'], cancel: [] } },
    { name: 'a failed check too', targets: ['a', 'b'], checks: [['a', { kind: 'failed', at: NOW - RECHECK_MS }], ['b', { kind: 'failed', at: NOW - 1 }]], running: [], want: { start: ['a'], cancel: [] } },
    { name: 'nothing on screen cancels everything', targets: [], checks: [], running: ['a'], want: { start: [], cancel: ['a'] } },
  ])('$name', ({ targets, checks, running, limit, want }) => {
    const plan = planChecks(targets.map(target), new Map(checks), new Set(running), NOW, limit);
    expect({ start: plan.start.map((t) => t.key), cancel: plan.cancel }).toEqual(want);
  });
});

describe('nextRecheckIn', () => {
  it.each<{ name: string; checks: [string, DevImageCheck][]; want: number | undefined }>([
    { name: 'nothing unconfirmed on screen: no timer', checks: [['a', answered()]], want: undefined },
    { name: 'the earliest unconfirmed answer', checks: [['a', answered({ verified: 'unchecked' }, NOW - 1000)], ['b', { kind: 'failed', at: NOW - 5000 }]], want: RECHECK_MS - 5000 },
    { name: 'overdue: now', checks: [['a', { kind: 'failed', at: NOW - 2 * RECHECK_MS }]], want: 0 },
  ])('$name', ({ checks, want }) => {
    expect(nextRecheckIn([target('a'), target('b')], new Map(checks), NOW)).toBe(want);
  });
});

describe('devImageCell and distrolessMark', () => {
  it.each([
    { name: 'unchecked: the name-based choice, checking', row: nginx, check: undefined, want: { cell: { text: 'chainguard/nginx:1.25-dev', mark: '…', guess: false }, dl: 'name' } },
    {
      name: 'confirmed and pinned: the reference that runs',
      row: pinned,
      check: answered({ run: `cgr.dev/chainguard/app:4.5.6-dev@sha256:${'ab'.repeat(32)}` }),
      want: { cell: { text: 'chainguard/app:4.5.6-dev@abababababab', mark: '', guess: false }, dl: 'confirmed' },
    },
    { name: 'pinned, unchecked: latest-dev is only a guess, marked', row: pinned, check: undefined, want: { cell: { text: 'chainguard/app:latest-dev', mark: '…', guess: true }, dl: 'name' } },
    {
      name: 'no -dev sibling: the default image, and no distroless claim',
      row: nginx,
      check: answered({ run: 'cgr.dev/chainguard/wolfi-base:latest', rule: 'default-image', confidence: 'guess' }),
      want: { cell: { text: 'chainguard/wolfi-base:latest', mark: '', guess: true }, dl: 'none' },
    },
    { name: 'registry not reached: what a session would choose, marked ?', row: nginx, check: answered({ verified: 'unreachable', confidence: 'likely' }), want: { cell: { text: 'chainguard/nginx:1.25-dev', mark: '?', guess: false }, dl: 'name' } },
    { name: 'check failed: the name-based choice, marked ?', row: nginx, check: { kind: 'failed', at: NOW } as DevImageCheck, want: { cell: { text: 'chainguard/nginx:1.25-dev', mark: '?', guess: false }, dl: 'name' } },
    { name: 'not distroless by name: never claimed', row: nodev, check: answered({ run: 'quay.io/org/thing:2.0-dev' }), want: { cell: { text: 'quay.io/org/thing:2.0-dev', mark: '', guess: false }, dl: 'none' } },
    { name: 'an image that does not parse', row: broken, check: undefined, want: { cell: { text: '-', mark: '', guess: false }, dl: 'none' } },
  ])('$name', ({ row, check, want }) => {
    expect({ cell: devImageCell(row, check), dl: distrolessMark(row, check) }).toEqual(want);
  });
});
