import { Text } from 'ink';
import type { Segment } from './highlight.js';
import { toneColor } from './theme.js';

export interface HighlightedTextProps {
  segments: readonly Segment[];
  color: boolean;
}

/** Matched characters in the match color, or bold and underlined without color. */
export function HighlightedText({ segments, color }: HighlightedTextProps) {
  return (
    <Text>
      {segments.map((s, i) =>
        s.match ? (
          <Text key={i} bold underline={!color} color={toneColor(color, 'match')}>
            {s.text}
          </Text>
        ) : (
          s.text
        ),
      )}
    </Text>
  );
}
