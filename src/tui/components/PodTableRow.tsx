import { Text } from 'ink';
import { memo } from 'react';
import type { DevImageCheck } from '../model/dev-image-checks.js';
import type { Column } from '../model/layout.js';
import type { PodRow } from '../model/pod-rows.js';
import { rowSpans } from '../model/row-spans.js';
import { toneColor } from '../model/theme.js';

export interface PodTableRowProps {
  row: PodRow;
  columns: readonly Column[];
  selected: boolean;
  /** Matched positions in `namespace/name` (all namespaces) or `name`. */
  positions: readonly number[] | undefined;
  allNamespaces: boolean;
  now: number;
  color: boolean;
  /** The registry's answer for the row's app image; undefined while unchecked. */
  check: DevImageCheck | undefined;
}

function samePositions(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every((p, i) => p === b[i]);
}

/** Props equal (the matched positions by value: they are computed afresh each frame), so the row is not drawn again. */
export function sameRowProps(a: PodTableRowProps, b: PodTableRowProps): boolean {
  return (
    a.row === b.row &&
    a.columns === b.columns &&
    a.selected === b.selected &&
    a.allNamespaces === b.allNamespaces &&
    a.now === b.now &&
    a.color === b.color &&
    a.check === b.check &&
    samePositions(a.positions, b.positions)
  );
}

export const PodTableRow = memo(function PodTableRow({ row, columns, selected, positions, allNamespaces, now, color, check }: PodTableRowProps) {
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '> ' : '  '}
      {rowSpans(row, columns, positions, allNamespaces, now, check).map((s, i) =>
        s.tone === undefined && !s.bold && !s.dim && !s.match ? (
          s.text
        ) : (
          <Text
            key={i}
            color={toneColor(color, s.match ? 'match' : (s.tone ?? 'muted'))}
            bold={s.bold === true || s.match === true}
            underline={s.match === true && !color}
            dimColor={s.dim === true}
          >
            {s.text}
          </Text>
        ),
      )}
    </Text>
  );
}, sameRowProps);
