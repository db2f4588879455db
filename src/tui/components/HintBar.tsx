import { Text } from 'ink';
import { memo } from 'react';
import { CHANGES_CLUSTER, type Hint } from '../model/keymap.js';
import { toneColor } from '../model/theme.js';

export interface HintBarProps {
  hints: readonly Hint[];
  color: boolean;
}

/** Drawn again only when the hints change (PodListScreen keeps them per key context). */
export const HintBar = memo(function HintBar({ hints, color }: HintBarProps) {
  return (
    <Text wrap="truncate-end">
      {hints.map((h, i) => (
        <Text key={`${h.keys}-${h.label}`}>
          {i > 0 ? '  ' : ''}
          <Text bold color={toneColor(color, 'accent')}>
            {h.keys}
          </Text>{' '}
          <Text dimColor>{h.label}</Text>
          {h.changesCluster ? <Text color={toneColor(color, 'warn')}>{` ${CHANGES_CLUSTER}`}</Text> : null}
        </Text>
      ))}
    </Text>
  );
});
