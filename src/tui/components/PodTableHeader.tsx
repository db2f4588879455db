import { Text } from 'ink';
import { memo } from 'react';
import { fit, type Column } from '../model/layout.js';

export interface PodTableHeaderProps {
  columns: readonly Column[];
}

/** The column titles; drawn again only when the columns change. */
export const PodTableHeader = memo(function PodTableHeader({ columns }: PodTableHeaderProps) {
  return (
    <Text bold wrap="truncate-end">
      {'  '}
      {columns.map((c, i) => (i === 0 ? '' : ' ') + fit(c.title, c.width)).join('')}
    </Text>
  );
});
