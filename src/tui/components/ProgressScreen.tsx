import { Box, Text } from 'ink';
import type { Step } from '../../core/steps.js';
import { HintBar } from './HintBar.js';
import { hintsFor } from '../model/keymap.js';
import { frameHeight, type Viewport } from '../model/layout.js';
import type { Choice } from '../model/state.js';
import { StepList } from './StepList.js';
import { toneColor } from '../model/theme.js';

export interface ProgressScreenProps {
  phase: 'planning' | 'starting';
  choice: Choice;
  steps: readonly Step[];
  viewport: Viewport;
  color: boolean;
}

export function ProgressScreen({ phase, choice, steps, viewport, color }: ProgressScreenProps) {
  const what = choice.reattach === undefined ? `target ${choice.target}` : `reattach ${choice.reattach}`;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`Debug ${choice.namespace}/${choice.pod} (${what})`}</Text>
      <Text color={toneColor(color, 'accent')}>{phase === 'planning' ? 'Planning…' : 'Starting the debug container…'}</Text>
      <Text> </Text>
      <Box flexDirection="column" height={Math.max(1, frameHeight(viewport) - 5)}>
        <StepList steps={steps} height={frameHeight(viewport) - 5} failed={false} color={color} />
      </Box>
      <Text> </Text>
      <HintBar hints={hintsFor(phase)} color={color} />
    </Box>
  );
}
