import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { fit, naturalWidths, tableColumns } from '../model/layout.js';
import { fuzzyMatch } from '../model/fuzzy.js';
import { matchKey, type PodView } from '../model/pod-index.js';
import { PodTableRow } from './PodTableRow.js';

export interface PodTableProps {
  view: PodView;
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
}

/** Renders only the rows in the window [top, top + height): 5,000 pods cost as much as 20. */
export function PodTable({ view, cursor, top, height, width, allNamespaces, now, color, empty, filter }: PodTableProps) {
  const visible = view.rows.slice(top, top + height);
  // Measured over all rows (once per view change) so columns do not jump while scrolling.
  const natural = useMemo(() => naturalWidths(view.rows), [view.rows]);
  const columns = tableColumns(width, allNamespaces, natural);
  return (
    <Box flexDirection="column" height={height + 1}>
      <Text bold wrap="truncate-end">
        {'  '}
        {columns.map((c, i) => (i === 0 ? '' : ' ') + fit(c.title, c.width)).join('')}
      </Text>
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
          />
        ))
      )}
    </Box>
  );
}
