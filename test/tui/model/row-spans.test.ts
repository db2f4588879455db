import { describe, expect, it } from 'vitest';
import { tableColumns } from '../../../src/tui/model/layout.js';
import { createRowDeriver } from '../../../src/tui/model/pod-rows.js';
import { rowSpans } from '../../../src/tui/model/row-spans.js';
import { makePod } from '../support/pods.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);
const now = Date.parse('2024-01-01T01:00:00Z');

describe('rowSpans', () => {
  const row = derive(makePod({ name: 'web', namespace: 'shop', image: 'cgr.dev/chainguard/nginx:1.25' }));
  const columns = tableColumns(100, false, { name: 3, image: 21, devImage: 25, node: 6 });

  it.each([
    {
      name: 'plain cells merge; styled ones stay apart',
      positions: undefined,
      want: [
        { text: 'web          ' },
        { text: '1/1  ', tone: 'good' },
        { text: ' 1    chainguard/nginx:1.25 ' },
        { text: '* ', tone: 'accent', bold: true },
        { text: ' nginx:1.25-dev?           60m  node-1 ' },
        { text: '   ', tone: 'warn' },
      ],
    },
    {
      name: 'matched characters are their own spans',
      positions: [0, 2],
      want: [{ text: 'w', match: true }, { text: 'e' }, { text: 'b', match: true }, { text: '          ' }],
    },
  ])('$name', ({ positions, want }) => {
    expect(rowSpans(row, columns, positions, false, now).slice(0, want.length)).toEqual(want);
  });

  it('offsets matches into the name after namespace/ when all namespaces are listed', () => {
    const all = tableColumns(100, true, { namespace: 4, name: 3 });
    const spans = rowSpans(row, all, [0, 5], true, now);
    expect(spans.slice(0, 4)).toEqual([{ text: 's', match: true }, { text: 'hop      ' }, { text: 'w', match: true }, { text: 'eb          ' }]);
  });
});
