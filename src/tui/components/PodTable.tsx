import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { checkTarget, devImageCell, type DevImageCheck } from '../model/dev-image-checks.js';
import { naturalWidths, tableColumns } from '../model/layout.js';
import { fuzzyMatch } from '../model/fuzzy.js';
import { matchKey, type PodView } from '../model/pod-index.js';
import { PodTableHeader } from './PodTableHeader.js';
import { PodTableRow } from './PodTableRow.js';
import type { PodRow } from '../model/pod-rows.js';

export interface PodTableProps {
  view: PodView;
  /** Every row of the index, filtered or not: what the columns are measured over. */
  all: readonly PodRow[];
  cursor: number;
  top: number;
  height: number;
  width: number;
  allNamespaces: boolean;
  now: number;
  color: boolean;
  /** Shown instead of rows when the view is empty. */
  empty: string;
  filter: string;
  /** The registries' answers by check key. */
  checks: ReadonlyMap<string, DevImageCheck>;
}

/**
 * Renders only the rows in the window [top, top + height): 5,000 pods cost as much as 20. Rows are
 * memoized (PodTableRow): a cursor move renders the two rows whose marker moved, not the window.
 */
export function PodTable({ view, all, cursor, top, height, width, allNamespaces, now, color, empty, filter, checks }: PodTableProps) {
  const visible = view.rows.slice(top, top + height);
  const rowChecks = visible.map((row) => {
    const target = checkTarget(row);
    return target === undefined ? undefined : checks.get(target.key);
  });
  // Measured over all rows, once per change of the pods, so columns do not jump while scrolling or
  // typing a filter (nor cost a pass over every row per keystroke); the checked images on screen (a
  // pinned reference is longer than the guess) widen the DEV IMAGE column.
  const natural = useMemo(() => naturalWidths(all), [all]);
  const checked = Math.max(0, ...visible.map((row, i) => devImageCell(row, rowChecks[i]).text.length + 1));
  const devImage = Math.max(natural.devImage ?? 0, checked);
  // The same columns object from frame to frame while nothing that sizes them changes, so unchanged rows are not drawn again.
  const columns = useMemo(() => tableColumns(width, allNamespaces, { ...natural, devImage }), [width, allNamespaces, natural, devImage]);
  return (
    <Box flexDirection="column" height={height + 1}>
      <PodTableHeader columns={columns} />
      {visible.length === 0 ? (
        <Text dimColor>{`  ${empty}`}</Text>
      ) : (
        visible.map((row, i) => (
          <PodTableRow
            key={row.uid}
            row={row}
            columns={columns}
            selected={top + i === cursor}
            positions={filter === '' ? undefined : fuzzyMatch(filter, matchKey(row, allNamespaces))?.positions}
            allNamespaces={allNamespaces}
            now={now}
            color={color}
            check={rowChecks[i]}
          />
        ))
      )}
    </Box>
  );
}
