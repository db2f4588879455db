import { describe, expect, it } from 'vitest';
import { helpLayout, helpTextWidth, wrapText, type HelpLayout } from '../../../src/tui/model/help-layout.js';
import { helpFor, type KeyContext } from '../../../src/tui/model/keymap.js';

describe('wrapText', () => {
  it.each([
    { name: 'fits: one line', input: { text: 'move up', width: 20 }, want: ['move up'] },
    { name: 'breaks between words', input: { text: 'quit now (cancels a session in progress)', width: 16 }, want: ['quit now', '(cancels a', 'session in', 'progress)'] },
    { name: 'a word longer than the width is cut', input: { text: 'see cgr.dev/chainguard/python:3.12-dev', width: 12 }, want: ['see', 'cgr.dev/chai', 'nguard/pytho', 'n:3.12-dev'] },
    { name: 'empty text: one empty line', input: { text: '', width: 10 }, want: [''] },
  ])('$name', ({ input, want }) => {
    const lines = wrapText(input.text, input.width);
    expect(lines).toEqual(want);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(input.width);
  });
});

/** The layout as the screen draws it, one string per row, without colours. */
function drawn(layout: HelpLayout): string[] {
  const textWidth = helpTextWidth(layout);
  return layout.rows.map((row) => {
    if (row.kind === 'heading') return row.text;
    if (row.kind === 'gap') return '';
    return row.cells.map((c, i) => `  ${c.keys.padEnd(layout.keyWidth)}  ${i === row.cells.length - 1 ? c.text : c.text.padEnd(textWidth)}`).join('').trimEnd();
  });
}

describe('helpLayout', () => {
  it.each([
    { name: 'list at 80x24: keys in two columns, the legend wrapped, all of it', input: { context: 'list', columns: 80, rows: 24 }, want: { columns: 2, cut: 0 } },
    { name: 'list at 60x24: two columns of at least 16 characters of text', input: { context: 'list', columns: 60, rows: 24 }, want: { columns: 2, cut: 0 } },
    { name: 'list at 80x40: tall enough for one column', input: { context: 'list', columns: 80, rows: 40 }, want: { columns: 1, cut: 0 } },
    { name: 'list at 40x12: too narrow for two columns, cut with a note', input: { context: 'list', columns: 40, rows: 12 }, want: { columns: 1, cut: 20 } },
    { name: 'plan at 60x24: one column', input: { context: 'plan', columns: 60, rows: 24 }, want: { columns: 1, cut: 0 } },
    { name: 'containers at 80x24: one column', input: { context: 'containers', columns: 80, rows: 24 }, want: { columns: 1, cut: 0 } },
  ] as { name: string; input: { context: KeyContext; columns: number; rows: number }; want: { columns: number; cut: number } }[])('$name', ({ input, want }) => {
    const layout = helpLayout(input.context, { columns: input.columns, rows: input.rows });
    const lines = drawn(layout);
    const columns = Math.max(...layout.rows.map((r) => (r.kind === 'cells' ? r.cells.length : 1)));
    expect({ columns, cut: layout.cut }).toEqual(want);
    // The rows, the note for a cut, a blank line and the hint bar: within the frame (one line less than the terminal).
    expect(lines.length + (layout.cut > 0 ? 1 : 0) + (layout.compact ? 1 : 2)).toBeLessThanOrEqual(input.rows - 1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(input.columns);
    if (layout.cut === 0) {
      // Every binding's help is there, whole, across its wrapped lines in its own column.
      const column = (c: number) => layout.rows.map((r) => (r.kind === 'cells' ? (r.cells[c]?.text ?? '') : '')).join(' ');
      const text = [column(0), column(1)].join(' ').replace(/\s+/g, ' ');
      for (const entry of helpFor(input.context)) expect(text).toContain(entry.help);
    }
  });

  it('wraps the DL legend at 80 columns instead of cutting it', () => {
    const lines = drawn(helpLayout('list', { columns: 80, rows: 24 }));
    const at = lines.findIndex((l) => l.startsWith('  DL *'));
    expect(lines.slice(at, at + 2)).toEqual([
      '  DL *       distroless by name (Chainguard without -dev, distroless without',
      '             debug); bright: its -dev sibling confirmed',
    ]);
  });
});
