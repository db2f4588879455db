import { describe, expect, it } from 'vitest';
import { tableColumns } from '../../../src/tui/model/layout.js';
import { createRowDeriver } from '../../../src/tui/model/pod-rows.js';
import type { DevImageAnswer, DevImageCheck } from '../../../src/tui/model/dev-image-checks.js';
import { rowSpans, type Span } from '../../../src/tui/model/row-spans.js';
import { makePod } from '../support/pods.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);
const now = Date.parse('2024-01-01T01:00:00Z');

describe('rowSpans', () => {
  const row = derive(makePod({ name: 'web', namespace: 'shop', image: 'cgr.dev/chainguard/nginx:1.25' }));
  const columns = tableColumns(100, false, { name: 3, image: 21, devImage: 25, node: 6 });

  const answered = (answer: Partial<DevImageAnswer>): DevImageCheck => ({
    kind: 'answered',
    at: now,
    answer: { run: 'cgr.dev/chainguard/nginx:1.25-dev', verified: 'exists', rule: 'tag-dev', confidence: 'exact', ...answer },
  });

  // Name, ready and image: the same in every case below.
  const LEAD: Span[] = [{ text: 'web          ' }, { text: '1/1  ', tone: 'good' }, { text: ' 1    chainguard/nginx:1.25 ' }];

  it.each<{ name: string; positions?: number[]; check?: DevImageCheck; want: Span[] }>([
    {
      name: 'plain cells merge; styled ones stay apart; unchecked: name-only DL dim, the guess marked … while checking',
      want: [
        ...LEAD,
        { text: '* ', dim: true },
        { text: ' nginx:1.25-dev' },
        { text: '…', dim: true },
        { text: '           60m  node-1 ' },
        { text: '   ', tone: 'warn' },
      ],
    },
    {
      name: 'confirmed: the reference that runs (its digest dropped first when the column is narrow), no mark; DL bright',
      check: answered({ run: `cgr.dev/chainguard/nginx:1.25-dev@sha256:${'ab'.repeat(32)}` }),
      want: [
        ...LEAD,
        { text: '* ', tone: 'accent', bold: true },
        { text: ' chainguard/nginx:1.25-dev 60m  node-1 ' },
      ],
    },
    {
      name: 'registry not reached: the name-based choice, marked ?',
      check: answered({ verified: 'unreachable', confidence: 'likely' }),
      want: [
        ...LEAD,
        { text: '* ', dim: true },
        { text: ' nginx:1.25-dev' },
        { text: '?', tone: 'warn' },
        { text: '           60m  node-1 ' },
      ],
    },
    {
      name: 'no sibling found: the default image, dim, and no DL claim',
      check: answered({ run: 'cgr.dev/chainguard/wolfi-base:latest', rule: 'default-image', confidence: 'guess' }),
      want: [
        ...LEAD.slice(0, 2),
        { text: ' 1    chainguard/nginx:1.25    ' },
        { text: 'wolfi-base:latest        ', dim: true },
        { text: ' 60m  node-1 ' },
      ],
    },
    {
      name: 'matched characters are their own spans',
      positions: [0, 2],
      want: [{ text: 'w', match: true }, { text: 'e' }, { text: 'b', match: true }, { text: '          ' }],
    },
  ])('$name', ({ positions, check, want }) => {
    expect(rowSpans(row, columns, positions, false, now, check).slice(0, want.length)).toEqual(want);
  });

  it('offsets matches into the name after namespace/ when all namespaces are listed', () => {
    const all = tableColumns(100, true, { namespace: 4, name: 3 });
    const spans = rowSpans(row, all, [0, 5], true, now, undefined);
    expect(spans.slice(0, 4)).toEqual([{ text: 's', match: true }, { text: 'hop      ' }, { text: 'w', match: true }, { text: 'eb          ' }]);
  });
});
