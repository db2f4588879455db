import { Box, Text } from 'ink';
import type { Step } from '../../core/steps.js';
import { HintBar } from './HintBar.js';
import { hintsFor } from '../model/keymap.js';
import { frameHeight, type Viewport } from '../model/layout.js';
import type { Choice, ErrorInfo } from '../model/state.js';
import { StepList } from './StepList.js';
import { toneColor } from '../model/theme.js';

export interface ErrorScreenProps {
  choice: Choice | undefined;
  error: ErrorInfo;
  steps: readonly Step[];
  viewport: Viewport;
  color: boolean;
}

export function ErrorScreen({ choice, error, steps, viewport, color }: ErrorScreenProps) {
  const stepsHeight = Math.max(1, frameHeight(viewport) - 8);
  return (
    <Box flexDirection="column">
      {choice === undefined ? null : <Text bold wrap="truncate-end">{`Debug ${choice.namespace}/${choice.pod}`}</Text>}
      <StepList steps={steps} height={stepsHeight} failed color={color} />
      <Text> </Text>
      <Text bold color={toneColor(color, 'bad')}>
        {`✗ ${error.message}`}
      </Text>
      {error.hint === undefined ? null : <Text>{`  hint: ${error.hint}`}</Text>}
      <Text> </Text>
      <HintBar hints={hintsFor('error')} color={color} />
    </Box>
  );
}
