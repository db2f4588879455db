import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';
import { applyPodChanges, buildView, indexFromRows, mergeSorted, updateView, type PodView } from '../../../src/tui/model/pod-index.js';
import { createRowDeriver } from '../../../src/tui/model/pod-rows.js';
import { makePod } from '../support/pods.js';

const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);
const IMAGES = ['cgr.dev/chainguard/nginx:1.27', 'nginx:1.27', 'cgr.dev/chainguard/python:3.12'];
const rows = Array.from({ length: 300 }, (_, i) =>
  derive(
    makePod({
      name: `svc-${['checkout', 'payments', 'search'][i % 3]}-${String(i).padStart(5, '0')}`,
      namespace: `team-${i % 7}`,
      image: IMAGES[i % IMAGES.length] ?? 'nginx',
    }),
  ),
);
const index = indexFromRows(rows);
const summary = (view: PodView) => ({ rows: view.rows.map((r) => r.uid), scores: [...view.scores].sort() });

describe('buildView narrowing as the filter grows', () => {
  it.each([
    { name: 'all namespaces', input: { typed: 'svc-pay0004', allNamespaces: true, distrolessOnly: false }, want: { found: true } },
    { name: 'one namespace: the name alone', input: { typed: 'pay02', allNamespaces: false, distrolessOnly: false }, want: { found: true } },
    { name: 'distroless only', input: { typed: 'tm3ch', allNamespaces: true, distrolessOnly: true }, want: { found: true } },
    { name: 'smart case: an upper-case letter turns case-sensitive', input: { typed: 'svc-Pay', allNamespaces: true, distrolessOnly: false }, want: { found: false } },
  ])('$name: each keystroke gives what a fresh build gives', ({ input, want }) => {
    let previous: PodView | undefined;
    for (let n = 1; n <= input.typed.length; n++) {
      const options = { filter: input.typed.slice(0, n), allNamespaces: input.allNamespaces, distrolessOnly: input.distrolessOnly };
      const narrowed = buildView(index, options, previous);
      expect(summary(narrowed)).toEqual(summary(buildView(index, options)));
      previous = narrowed;
    }
    expect((previous?.rows.length ?? 0) > 0).toBe(want.found);
  });

  it('many ties: equal scores come in list order whichever earlier scores they had', () => {
    // Short names over a few letters: lots of rows tie on one keystroke and part on the next.
    const letters = 'ab-c';
    const names = Array.from({ length: 400 }, (_, i) => Array.from({ length: 3 + (i % 4) }, (_, k) => letters[(i * 7 + k * k * 3 + (i >> k)) % 4]).join('') + `-${i}`);
    const tied = indexFromRows(names.map((name, i) => derive(makePod({ name, namespace: `n${i % 3}`, image: IMAGES[0] }))));
    for (const typed of ['ab-', 'ba-c', 'c-a', 'aab', 'n1/a']) {
      let previous: PodView | undefined;
      for (let n = 1; n <= typed.length; n++) {
        const options = { filter: typed.slice(0, n), allNamespaces: true, distrolessOnly: false };
        const narrowed = buildView(tied, options, previous);
        expect(summary(narrowed)).toEqual(summary(buildView(tied, options)));
        previous = narrowed;
      }
    }
  });

  it('after watch events patched the view, narrowing from it still finds the new matches', () => {
    const options = { filter: 'pay', allNamespaces: true, distrolessOnly: false };
    const view = buildView(index, options);
    const added = derive(makePod({ name: 'svc-payments-99999', namespace: 'team-0', image: IMAGES[0] }));
    const next = applyPodChanges(index, [added], []);
    const patched = updateView(view, index, next, options, [added.uid]);
    const longer = { ...options, filter: 'pay9999' };
    const narrowed = buildView(next, longer, patched);
    expect(narrowed.rows.map((r) => r.uid)).toContain(added.uid);
    expect(summary(narrowed)).toEqual(summary(buildView(next, longer)));
  });

  it('best first; equal scores in the list order', () => {
    const view = buildView(index, { filter: 's', allNamespaces: true, distrolessOnly: false });
    const scores = view.rows.map((r) => view.scores.get(r.uid) ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const order = new Map(index.sorted.map((r, i) => [r.uid, i]));
    for (let i = 1; i < view.rows.length; i++) {
      const [a, b] = [view.rows[i - 1], view.rows[i]];
      if (a && b && view.scores.get(a.uid) === view.scores.get(b.uid)) expect(order.get(a.uid) ?? 0).toBeLessThan(order.get(b.uid) ?? 0);
    }
  });
});

describe('mergeSorted', () => {
  const byNumber = (a: number, b: number) => a - b;
  it.each([
    { name: 'both empty', input: { a: [], b: [] }, want: [] },
    { name: 'into an empty list', input: { a: [], b: [1, 2] }, want: [1, 2] },
    { name: 'nothing to add', input: { a: [1, 3], b: [] }, want: [1, 3] },
    { name: 'interleaved', input: { a: [1, 4, 6], b: [2, 3, 7] }, want: [1, 2, 3, 4, 6, 7] },
    { name: 'all after', input: { a: [1, 2], b: [3, 4] }, want: [1, 2, 3, 4] },
    { name: 'all before', input: { a: [3, 4], b: [1, 2] }, want: [1, 2, 3, 4] },
    { name: 'ties keep the first list first', input: { a: [1, 2], b: [2, 2] }, want: [1, 2, 2, 2] },
  ])('$name', ({ input, want }) => {
    expect(mergeSorted<number>(input.a, input.b, byNumber)).toEqual(want);
  });
});

describe('applyPodChanges in bulk (a list page)', () => {
  // Above 256 changes the page's rows are sorted and merged in: the result must be what one sort of every row gives.
  const page = (from: number, to: number, tag = '') =>
    Array.from({ length: to - from }, (_, k) =>
      derive(makePod({ name: `web${tag}-${String(from + k).padStart(5, '0')}`, namespace: `team-${(from + k) % 5}`, uid: `uid-${from + k}`, image: IMAGES[(from + k) % IMAGES.length] ?? 'nginx' })),
    );
  const sortedUids = (rowsIn: readonly { uid: string }[]) => rowsIn.map((r) => r.uid);
  it.each([
    { name: 'a new page beside the first', input: { first: [0, 300], upserts: [300, 700], deletes: [] as number[] } },
    { name: 'a page that replaces rows already there', input: { first: [0, 400], upserts: [100, 500], deletes: [] as number[] } },
    { name: 'deletes with the page', input: { first: [0, 400], upserts: [400, 700], deletes: [0, 5, 399] } },
    { name: 'a row deleted and added again in one batch', input: { first: [0, 300], upserts: [290, 600], deletes: [295] } },
  ])('$name', ({ input }) => {
    const start = indexFromRows(page(input.first[0] ?? 0, input.first[1] ?? 0));
    // The renamed rows sort elsewhere than the ones they replace.
    const upserts = page(input.upserts[0] ?? 0, input.upserts[1] ?? 0, '-v2');
    const deletes = input.deletes.map((i) => `uid-${i}`);
    const got = applyPodChanges(start, upserts, deletes);
    const byUid = new Map(start.byUid);
    for (const uid of deletes) byUid.delete(uid);
    for (const row of upserts) byUid.set(row.uid, row);
    const want = indexFromRows([...byUid.values()]);
    expect(sortedUids(got.sorted)).toEqual(sortedUids(want.sorted));
    expect([...got.byUid.keys()].sort()).toEqual([...want.byUid.keys()].sort());
    expect(got.sorted.every((row) => got.byUid.get(row.uid) === row)).toBe(true);
  });
});
