import { describe, expect, it } from 'vitest';
import {
  appRowText,
  containerLines,
  containerWindow,
  debugCells,
  debugColumns,
  debugRowText,
  detailText,
  type ContainerLine,
  type DebugCells,
} from '../../../src/tui/model/container-list.js';
import type { ContainerItem } from '../../../src/tui/model/state.js';

type DebugItem = Extract<ContainerItem, { kind: 'debug' }>;
type AppItem = Extract<ContainerItem, { kind: 'app' }>;

const NOW = Date.parse('2024-01-01T01:00:00Z');
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const app = (name: string, extra: Partial<AppItem> = {}): AppItem => ({ kind: 'app', name, image: 'cgr.dev/chainguard/python:3.12', isDefault: false, running: true, ...extra });
const debug = (name: string, extra: Partial<DebugItem['facts']> = {}): DebugItem => ({
  kind: 'debug',
  name,
  image: `cgr.dev/chainguard/python:3.12-dev@${DIGEST}`,
  target: 'app',
  facts: { uid: 65532, connectBy: 'exec', ttlSeconds: 3600, startedAt: NOW - 18 * 60_000, ...extra },
});
const debugs = (n: number) => Array.from({ length: n }, (_, i) => debug(`cg-debug-${String(i).padStart(5, '0')}`));

describe('containerLines', () => {
  it.each([
    {
      name: 'app containers only',
      input: [app('app'), app('sidecar')],
      want: [{ kind: 'section', text: 'Target container' }, { kind: 'item', index: 0 }, { kind: 'item', index: 1 }],
    },
    {
      name: 'debug containers in their own section, with column titles',
      input: [app('app'), debug('cg-debug-a'), debug('cg-debug-b')],
      want: [
        { kind: 'section', text: 'Target container' },
        { kind: 'item', index: 0 },
        { kind: 'gap' },
        { kind: 'section', text: 'Running cg-debug containers (2)' },
        { kind: 'titles' },
        { kind: 'item', index: 1 },
        { kind: 'item', index: 2 },
      ],
    },
  ])('$name', ({ input, want }) => {
    expect(containerLines(input)).toEqual(want);
  });
});

describe('containerWindow', () => {
  // 1 app + 30 debug containers: 36 lines (section, app, gap, section, titles, 30 rows).
  const lines = containerLines([app('app'), ...debugs(30)]);
  const items = (w: { lines: ContainerLine[] }) => w.lines.flatMap((l) => (l.kind === 'item' ? [l.index] : []));
  it.each([
    { name: 'everything fits: all lines, nothing hidden', input: { lines: containerLines([app('a'), ...debugs(2)]), cursor: 2, height: 20 }, want: { count: 7, first: 'section', above: 0, below: 0, items: [0, 1, 2] } },
    { name: 'at the top: the sections show, the rest below', input: { lines, cursor: 0, height: 10 }, want: { count: 10, first: 'section', above: 0, below: 25, items: [0, 1, 2, 3, 4, 5] } },
    { name: 'in the middle: titles pinned, the selection centred', input: { lines, cursor: 15, height: 10 }, want: { count: 10, first: 'titles', above: 11, below: 11, items: [11, 12, 13, 14, 15, 16, 17, 18, 19] } },
    { name: 'at the bottom: titles pinned, the last rows', input: { lines, cursor: 30, height: 10 }, want: { count: 10, first: 'titles', above: 22, below: 0, items: [22, 23, 24, 25, 26, 27, 28, 29, 30] } },
    { name: 'one line: only the selection', input: { lines, cursor: 7, height: 1 }, want: { count: 1, first: 'item', above: 7, below: 23, items: [7] } },
  ])('$name', ({ input, want }) => {
    const w = containerWindow(input.lines, input.cursor, input.height);
    expect({ count: w.lines.length, first: w.lines[0]?.kind, above: w.above, below: w.below, items: items(w) }).toEqual(want);
  });

  it('keeps every selection visible within the height', () => {
    for (const height of [1, 2, 3, 5, 19]) {
      for (let cursor = 0; cursor <= 30; cursor++) {
        const w = containerWindow(lines, cursor, height);
        expect(w.lines.length).toBeLessThanOrEqual(height);
        expect(items(w)).toContain(cursor);
        expect(w.above + w.below + items(w).length).toBe(31);
      }
    }
  });
});

describe('debugCells', () => {
  it.each([
    { name: 'a holder with a TTL', input: { facts: {}, shells: 2 }, want: { user: 'uid 65532', ttl: '42m', age: '18m', shells: '2' } },
    { name: 'root, no TTL, shells not counted yet', input: { facts: { uid: 0, ttlSeconds: 0 }, shells: undefined }, want: { user: 'root', ttl: 'no ttl', age: '18m', shells: '…' } },
    { name: "the image's user, shells cannot be counted", input: { facts: { uid: null }, shells: null }, want: { user: "image's user", ttl: '42m', age: '18m', shells: '?' } },
    { name: 'past its TTL', input: { facts: { startedAt: NOW - 2 * 3600_000 }, shells: 0 }, want: { user: 'uid 65532', ttl: '0s', age: '2h', shells: '0' } },
    { name: 'an attached shell', input: { facts: { connectBy: 'attach' as const, ttlSeconds: null }, shells: undefined }, want: { user: 'uid 65532', ttl: 'attached', age: '18m', shells: '1' } },
    { name: 'not started yet', input: { facts: { startedAt: null }, shells: undefined }, want: { user: 'uid 65532', ttl: '?', age: '?', shells: '…' } },
  ])('$name', ({ input, want }) => {
    const cells = debugCells(debug('cg-debug-x', input.facts), NOW, input.shells);
    expect(cells).toEqual({ name: 'cg-debug-x', target: 'app', ...want });
  });
});

describe('debugColumns', () => {
  const cells: DebugCells = { name: 'cg-debug-k3x9q', target: 'app', user: 'uid 65532', ttl: '42m', age: '18m', shells: '1' };
  const long: DebugCells = { ...cells, name: 'cg-debug-a-very-long-chosen-name-indeed', target: 'checkout-service' };
  it.each([
    { name: '80 columns: every column', input: { width: 80, rows: [cells] }, want: ['name:14', 'target:6', 'user:9', 'ttl:8', 'age:3', 'shells:6'] },
    { name: 'a long name is cut to what is left', input: { width: 70, rows: [long] }, want: ['name:21', 'target:16', 'user:9', 'ttl:8', 'age:3', 'shells:6'] },
    { name: '60 columns: the target goes first', input: { width: 60, rows: [long] }, want: ['name:28', 'user:9', 'ttl:8', 'age:3', 'shells:6'] },
    { name: '40 columns: then the age', input: { width: 40, rows: [long] }, want: ['name:12', 'user:9', 'ttl:8', 'shells:6'] },
    { name: '30 columns: then the shells and the user', input: { width: 30, rows: [cells] }, want: ['name:14', 'ttl:8'] },
    { name: '24 columns: the name cut beside the TTL', input: { width: 24, rows: [cells] }, want: ['name:13', 'ttl:8'] },
    { name: '20 columns: the name alone', input: { width: 20, rows: [cells] }, want: ['name:14'] },
  ])('$name', ({ input, want }) => {
    const columns = debugColumns(input.width, input.rows);
    expect(columns.map((c) => `${c.id}:${c.width}`)).toEqual(want);
    for (const row of input.rows) expect(2 + debugRowText(row, columns).length).toBeLessThanOrEqual(input.width);
  });
});

describe('appRowText and detailText', () => {
  it.each([
    { name: 'name, image and note', input: { item: app('app', { isDefault: true }), width: 80 }, want: 'app       cgr.dev/chainguard/python:3.12                               default' },
    { name: 'the image keeps its tail when cut', input: { item: app('app', { running: false }), width: 40 }, want: 'app       …ard/python:3.12 not running' },
    { name: 'no room for the image: name and note', input: { item: app('sidecar', { isDefault: true }), width: 24 }, want: 'sidecar   default' },
  ])('$name', ({ input, want }) => {
    const text = appRowText(input.item, 9, input.width);
    expect(text).toBe(want);
    expect(2 + text.length).toBeLessThanOrEqual(input.width);
  });

  it.each([
    { name: 'a debug container: the image pinned by digest', input: { item: debug('cg-debug-x'), width: 200 }, want: `  image cgr.dev/chainguard/python:3.12-dev@${DIGEST}` },
    { name: '80 columns: the digest cut at its end', input: { item: debug('cg-debug-x'), width: 80 }, want: '  image cgr.dev/chainguard/python:3.12-dev@sha256:0123456789abcdef0123456789abc…' },
    { name: 'an app container', input: { item: app('app'), width: 80 }, want: '  image cgr.dev/chainguard/python:3.12' },
    { name: 'nothing selected', input: { item: undefined, width: 80 }, want: '' },
  ])('$name', ({ input, want }) => {
    expect(detailText(input.item, input.width)).toBe(want);
  });
});
