import { Box, Text } from 'ink';
import { runningSummary } from '../../core/debug-rows.js';
import { HintBar } from './HintBar.js';
import { hintsFor } from '../model/keymap.js';
import { fit } from '../model/layout.js';
import type { ContainerItem } from '../model/state.js';
import { toneColor } from '../model/theme.js';

export interface ContainerPickerProps {
  namespace: string;
  pod: string;
  items: readonly ContainerItem[];
  cursor: number;
  width: number;
  color: boolean;
  /** The clock, for the TTL left and the age of debug containers. */
  now: number;
}

export function ContainerPicker({ namespace, pod, items, cursor, width, color, now }: ContainerPickerProps) {
  const nameWidth = Math.min(24, Math.max(9, ...items.map((i) => i.name.length)));
  const apps = items.filter((i) => i.kind === 'app');
  const debug = items.filter((i) => i.kind === 'debug');
  const line = (item: ContainerItem) => {
    const at = items.indexOf(item);
    const selected = at === cursor;
    const note =
      item.kind === 'debug'
        ? `${item.facts.connectBy === 'exec' ? 'new shell in it' : 'reattach'}, targets ${item.target}, ${runningSummary(item.facts, now)}`
        : [item.isDefault ? 'default' : '', item.running ? '' : 'not running'].filter((s) => s !== '').join(', ');
    return (
      <Text key={`${item.kind}-${item.name}`} inverse={selected} wrap="truncate-end">
        {selected ? '> ' : '  '}
        {fit(item.name, nameWidth)} {fit(item.image, Math.max(10, width - nameWidth - 30), true)}{' '}
        <Text color={toneColor(color, item.kind === 'debug' ? 'warn' : 'accent')}>{note}</Text>
      </Text>
    );
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`Debug ${namespace}/${pod}: which container?`}</Text>
      <Text> </Text>
      <Text dimColor>  Target container</Text>
      {apps.map(line)}
      {debug.length === 0 ? null : (
        <>
          <Text> </Text>
          <Text dimColor>  Running cg-debug containers</Text>
          {debug.map(line)}
        </>
      )}
      <Text> </Text>
      <HintBar hints={hintsFor('containers')} color={color} />
    </Box>
  );
}
