import { Box, Text } from 'ink';
import { HintBar } from './HintBar.js';
import {
  appRowText,
  containerLines,
  containerWindow,
  debugCells,
  debugColumns,
  debugRowText,
  debugTitlesText,
  detailText,
  type ContainerLine,
} from '../model/container-list.js';
import { hintsFor } from '../model/keymap.js';
import { frameHeight, type Viewport } from '../model/layout.js';
import type { ContainerItem } from '../model/state.js';
import { toneColor } from '../model/theme.js';

export interface ContainerPickerProps {
  namespace: string;
  pod: string;
  items: readonly ContainerItem[];
  cursor: number;
  viewport: Viewport;
  color: boolean;
  /** The clock, for the TTL left and the age of debug containers. */
  now: number;
  /** Open shells by debug container name: counted, null when they cannot be, absent while counting. */
  shells: ReadonlyMap<string, number | null>;
}

// The title above the list; the selected item's detail line and the hint bar below it.
const CHROME = 3;

export function ContainerPicker({ namespace, pod, items, cursor, viewport, color, now, shells }: ContainerPickerProps) {
  const width = viewport.columns;
  const window = containerWindow(containerLines(items), cursor, frameHeight(viewport) - CHROME);
  const cells = new Map(items.flatMap((item) => (item.kind === 'debug' ? [[item.name, debugCells(item, now, shells.get(item.name))] as const] : [])));
  const columns = debugColumns(width, [...cells.values()]);
  const nameWidth = Math.min(24, Math.max(9, ...items.filter((i) => i.kind === 'app').map((i) => i.name.length)));
  const scroll = window.above + window.below === 0 ? '' : `  ↑${window.above} ↓${window.below}`;
  const line = (l: ContainerLine, i: number) => {
    switch (l.kind) {
      case 'gap':
        return <Text key={`gap-${i}`}> </Text>;
      case 'section':
        return <Text key={l.text} dimColor wrap="truncate-end">{`  ${l.text}`}</Text>;
      case 'titles':
        return <Text key="titles" bold wrap="truncate-end">{`  ${debugTitlesText(columns)}`}</Text>;
      case 'item': {
        const item = items[l.index];
        if (item === undefined) return null;
        const selected = l.index === cursor;
        return (
          <Text key={`${item.kind}-${item.name}`} inverse={selected} wrap="truncate-end">
            {selected ? '> ' : '  '}
            {item.kind === 'app' ? (
              <Text color={item.isDefault ? toneColor(color, 'accent') : undefined}>{appRowText(item, nameWidth, width)}</Text>
            ) : (
              <Text color={toneColor(color, 'warn')}>{debugRowText(cells.get(item.name) ?? debugCells(item, now, undefined), columns)}</Text>
            )}
          </Text>
        );
      }
    }
  };
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{`Debug ${namespace}/${pod}: which container?`}</Text>
        <Text dimColor>{scroll}</Text>
      </Text>
      <Box flexDirection="column" height={Math.max(1, frameHeight(viewport) - CHROME)}>
        {window.lines.map(line)}
      </Box>
      <Text dimColor wrap="truncate-end">
        {detailText(items[cursor], width)}
      </Text>
      <HintBar hints={hintsFor('containers')} color={color} />
    </Box>
  );
}

