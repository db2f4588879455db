// Splits a table cell into matched and unmatched runs so the filter's hits can be highlighted.
import { fit } from './layout.js';

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * The cell `text` fitted to `width`, split at the matched positions. `offset` is where the cell's text
 * starts inside the matched key (the name after `namespace/`).
 */
export function cellSegments(text: string, width: number, positions: readonly number[] | undefined, offset = 0): Segment[] {
  const shown = fit(text, width);
  if (positions === undefined || positions.length === 0) return [{ text: shown, match: false }];
  // A truncated cell ends in an ellipsis that matches nothing.
  const visible = text.length <= width ? text.length : width - 1;
  const hits = new Set(positions.map((p) => p - offset).filter((p) => p >= 0 && p < visible));
  const segments: Segment[] = [];
  for (let i = 0; i < shown.length; i++) {
    const match = hits.has(i);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.match === match) last.text += shown[i];
    else segments.push({ text: shown[i] ?? '', match });
  }
  return segments;
}
