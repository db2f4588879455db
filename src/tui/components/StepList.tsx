import { Box, Text } from 'ink';
import type { Step } from '../../core/steps.js';
import { formatElapsed, stepLines, type StepLine } from '../model/step-lines.js';
import { toneColor, type Tone } from '../model/theme.js';

export interface StepListProps {
  steps: readonly Step[];
  /** At most this many lines: the latest ones. */
  height: number;
  /** The session failed: a phase still running is the one that failed. */
  failed: boolean;
  color: boolean;
}

const ICONS: Record<StepLine['state'], [string, Tone]> = {
  running: ['…', 'accent'],
  done: ['✓', 'good'],
  info: ['·', 'muted'],
  warn: ['!', 'warn'],
};

export function StepList({ steps, height, failed, color }: StepListProps) {
  const lines = stepLines(steps).slice(-Math.max(1, height));
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => {
        const [icon, tone] = failed && l.state === 'running' ? ['✗', 'bad' as Tone] : ICONS[l.state];
        return (
          <Text key={i} wrap="truncate-end">
            <Text color={toneColor(color, tone)}>{` ${icon} `}</Text>
            {l.message}
            {l.reason === undefined ? '' : <Text color={toneColor(color, 'warn')}>{` (${l.reason})`}</Text>}
            <Text dimColor>{`  ${formatElapsed(l.at)}`}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
