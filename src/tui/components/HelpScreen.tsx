import { Box, Text } from 'ink';
import { HintBar } from './HintBar.js';
import { helpLayout, helpTextWidth } from '../model/help-layout.js';
import { hintsFor, type KeyContext } from '../model/keymap.js';
import type { Viewport } from '../model/layout.js';
import { toneColor } from '../model/theme.js';

export interface HelpScreenProps {
  /** The screen help was opened from. */
  context: KeyContext;
  viewport: Viewport;
  color: boolean;
}

export function HelpScreen({ context, viewport, color }: HelpScreenProps) {
  const layout = helpLayout(context, viewport);
  const textWidth = helpTextWidth(layout);
  return (
    <Box flexDirection="column">
      {layout.rows.map((row, i) => {
        if (row.kind === 'heading') return <Text key={i} bold>{row.text}</Text>;
        if (row.kind === 'gap') return <Text key={i}> </Text>;
        return (
          <Text key={i} wrap="truncate-end">
            {row.cells.map((cell, c) => (
              <Text key={c}>
                <Text color={toneColor(color, 'accent')}>{`  ${cell.keys.padEnd(layout.keyWidth)}  `}</Text>
                {c === row.cells.length - 1 ? cell.text : cell.text.padEnd(textWidth)}
              </Text>
            ))}
          </Text>
        );
      })}
      {layout.cut === 0 ? null : <Text dimColor>{`  … ${layout.cut} more lines: a taller terminal shows them`}</Text>}
      {layout.compact ? null : <Text> </Text>}
      <HintBar hints={hintsFor('help')} color={color} />
    </Box>
  );
}
