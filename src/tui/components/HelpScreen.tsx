import { Box, Text } from 'ink';
import { HintBar } from './HintBar.js';
import { helpFor, hintsFor, type KeyContext } from '../model/keymap.js';
import { toneColor } from '../model/theme.js';

export interface HelpScreenProps {
  /** The screen help was opened from. */
  context: KeyContext;
  color: boolean;
}

const LEGEND: readonly [string, string][] = [
  ['DL *', 'distroless by name (Chainguard without -dev, distroless without debug); bright: its -dev sibling confirmed'],
  ['DEV IMAGE', 'the debug image a session would run (…: checking the registry; ?: registry not reached)'],
  ['DBG', 'cg-debug containers already in the pod'],
];

export function HelpScreen({ context, color }: HelpScreenProps) {
  const lines = helpFor(context);
  const width = Math.max(...lines.map((l) => l.keys.length), 9);
  return (
    <Box flexDirection="column">
      <Text bold>Keys</Text>
      {lines.map((l) => (
        <Text key={`${l.keys}-${l.help}`} wrap="truncate-end">
          <Text color={toneColor(color, 'accent')}>{`  ${l.keys.padEnd(width)}  `}</Text>
          {l.help}
        </Text>
      ))}
      {context === 'list' || context === 'filter' ? (
        <>
          <Text> </Text>
          <Text bold>Columns</Text>
          {LEGEND.map(([name, text]) => (
            <Text key={name} wrap="truncate-end">
              <Text color={toneColor(color, 'accent')}>{`  ${name.padEnd(width)}  `}</Text>
              {text}
            </Text>
          ))}
        </>
      ) : null}
      <Text> </Text>
      <HintBar hints={hintsFor('help')} color={color} />
    </Box>
  );
}
