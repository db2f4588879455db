// A pod row as styled runs of text: adjacent cells with the same style merge, so ink lays out a
// handful of text nodes per row instead of one per cell.
import { devImageCell, distrolessMark, type DevImageCheck } from './dev-image-checks.js';
import { cellSegments } from './highlight.js';
import { fit, fitImage, type Column } from './layout.js';
import { formatAge, type PodRow } from './pod-rows.js';
import type { Tone } from './theme.js';

export interface Span {
  text: string;
  tone?: Tone;
  bold?: boolean;
  dim?: boolean;
  /** A character the filter matched. */
  match?: boolean;
}

function sameStyle(a: Span, b: Span): boolean {
  return a.tone === b.tone && a.bold === b.bold && a.dim === b.dim && a.match === b.match;
}

export function rowSpans(
  row: PodRow,
  columns: readonly Column[],
  positions: readonly number[] | undefined,
  allNamespaces: boolean,
  now: number,
  check: DevImageCheck | undefined,
): Span[] {
  const spans: Span[] = [];
  const push = (span: Span): void => {
    const last = spans[spans.length - 1];
    if (last !== undefined && sameStyle(last, span)) last.text += span.text;
    else spans.push({ ...span });
  };
  const segments = (text: string, width: number, offset: number, hits: readonly number[] | undefined): void => {
    for (const s of cellSegments(text, width, hits, offset)) push(s.match ? { text: s.text, match: true } : { text: s.text });
  };
  columns.forEach((c, i) => {
    if (i > 0) push({ text: ' ' });
    switch (c.id) {
      case 'namespace':
        return segments(row.namespace, c.width, 0, allNamespaces ? positions : undefined);
      case 'name': {
        const offset = allNamespaces ? row.namespace.length + 1 : 0;
        if (row.notRunning === undefined) return segments(row.name, c.width, offset, positions);
        // Why the pod cannot take a debug container, right after its name (Enter offers a copy).
        const why = ` ${row.notRunning}`;
        // The name comes first: the reason gets what is left, cut if it must be.
        const nameWidth = Math.max(1, Math.min(row.name.length, Math.max(c.width - why.length, Math.ceil(c.width * 0.6))));
        segments(row.name, nameWidth, offset, positions);
        push({ text: why.slice(0, Math.max(0, c.width - nameWidth)), tone: 'bad' });
        return push({ text: ' '.repeat(Math.max(0, c.width - nameWidth - why.length)) });
      }
      case 'ready':
        return push({
          text: fit(`${row.readyCount}/${row.containers.length}`, c.width),
          tone: row.readyCount === row.containers.length ? 'good' : 'warn',
        });
      case 'containers':
        return push({ text: fit(String(row.containers.length), c.width) });
      case 'image':
        return push({ text: fitImage(row.image, c.width) });
      case 'distroless': {
        const mark = distrolessMark(row, check);
        if (mark === 'none') return push({ text: fit('', c.width) });
        return push(mark === 'confirmed' ? { text: fit('*', c.width), tone: 'accent', bold: true } : { text: fit('*', c.width), dim: true });
      }
      case 'devImage': {
        const cell = devImageCell(row, check);
        if (cell.mark === '') return push(cell.guess ? { text: fitImage(cell.text, c.width), dim: true } : { text: fitImage(cell.text, c.width) });
        // The mark stays visible however narrow the column: the image is cut, not its mark.
        const text = fitImage(cell.text, c.width - 1).trimEnd();
        push(cell.guess ? { text, dim: true } : { text });
        push(cell.mark === '?' ? { text: '?', tone: 'warn' } : { text: '…', dim: true });
        return push({ text: ' '.repeat(Math.max(0, c.width - text.length - 1)) });
      }
      case 'age':
        return push({ text: fit(formatAge(row.createdAt, now), c.width) });
      case 'node':
        return push({ text: fit(row.node, c.width) });
      case 'debug':
        return push({ text: fit(row.debug.length === 0 ? '' : String(row.debug.length), c.width), tone: 'warn' });
    }
  });
  return spans;
}
