import { Text } from 'ink';
import { cellSegments } from './highlight.js';
import { HighlightedText } from './HighlightedText.js';
import { fit, fitImage, type Column } from './layout.js';
import { formatAge, type PodRow } from './pod-rows.js';
import { toneColor } from './theme.js';

export interface PodTableRowProps {
  row: PodRow;
  columns: readonly Column[];
  selected: boolean;
  /** Matched positions in `namespace/name` (all namespaces) or `name`. */
  positions: readonly number[] | undefined;
  allNamespaces: boolean;
  now: number;
  color: boolean;
}

export function PodTableRow({ row, columns, selected, positions, allNamespaces, now, color }: PodTableRowProps) {
  const cells = columns.map((c, i) => {
    const gap = i === 0 ? '' : ' ';
    switch (c.id) {
      case 'namespace':
        return (
          <Text key={c.id}>
            {gap}
            <HighlightedText segments={cellSegments(row.namespace, c.width, allNamespaces ? positions : undefined)} color={color} />
          </Text>
        );
      case 'name':
        return (
          <Text key={c.id}>
            {gap}
            <HighlightedText
              segments={cellSegments(row.name, c.width, positions, allNamespaces ? row.namespace.length + 1 : 0)}
              color={color}
            />
          </Text>
        );
      case 'ready': {
        const all = row.readyCount === row.containers.length;
        return (
          <Text key={c.id} color={toneColor(color, all ? 'good' : 'warn')}>
            {gap}
            {fit(`${row.readyCount}/${row.containers.length}`, c.width)}
          </Text>
        );
      }
      case 'containers':
        return <Text key={c.id}>{gap + fit(String(row.containers.length), c.width)}</Text>;
      case 'image':
        return <Text key={c.id}>{gap + fitImage(row.image, c.width)}</Text>;
      case 'distroless':
        return (
          <Text key={c.id} bold color={toneColor(color, 'accent')}>
            {gap + fit(row.distroless ? '●' : '', c.width)}
          </Text>
        );
      case 'devImage':
        return (
          <Text key={c.id} dimColor={row.devConfidence === 'guess'}>
            {gap + fitImage(row.devImage === '' ? '-' : row.devImage, c.width)}
          </Text>
        );
      case 'age':
        return <Text key={c.id}>{gap + fit(formatAge(row.createdAt, now), c.width)}</Text>;
      case 'node':
        return <Text key={c.id}>{gap + fit(row.node, c.width)}</Text>;
      case 'debug':
        return (
          <Text key={c.id} color={toneColor(color, 'warn')}>
            {gap + fit(row.debug.length === 0 ? '' : String(row.debug.length), c.width)}
          </Text>
        );
    }
  });
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '> ' : '  '}
      {cells}
    </Text>
  );
}
