import { Box, Text } from 'ink';
import { HintBar } from './HintBar.js';
import { hintsFor } from '../model/keymap.js';
import { frameHeight, windowStart, type Viewport } from '../model/layout.js';
import { sanitizeText } from '../../core/sanitize.js';
import { toneColor } from '../model/theme.js';

export interface NamespacePickerProps {
  choices: readonly string[];
  loading: boolean;
  loadError: string | undefined;
  filter: string;
  cursor: number;
  current: string;
  viewport: Viewport;
  color: boolean;
}

export function NamespacePicker({ choices, loading, loadError, filter, cursor, current, viewport, color }: NamespacePickerProps) {
  const height = Math.max(1, frameHeight(viewport) - 4);
  const start = windowStart(cursor, choices.length, height);
  return (
    <Box flexDirection="column">
      <Text bold>Namespace</Text>
      <Text wrap="truncate-end">
        <Text color={toneColor(color, 'accent')}>{'> '}</Text>
        {filter}
        <Text inverse> </Text>
        {loadError === undefined ? '' : <Text color={toneColor(color, 'warn')}>{`  cannot list namespaces: ${sanitizeText(loadError)}`}</Text>}
      </Text>
      <Box flexDirection="column" height={height}>
        {loading ? <Text dimColor>  Loading namespaces…</Text> : null}
        {!loading && choices.length === 0 ? <Text dimColor>{`  Enter uses "${filter}"`}</Text> : null}
        {choices.slice(start, start + height).map((name, i) => (
          <Text key={name} inverse={start + i === cursor} wrap="truncate-end">
            {start + i === cursor ? '> ' : '  '}
            {sanitizeText(name)}
            {name === current ? <Text dimColor> (current)</Text> : ''}
          </Text>
        ))}
      </Box>
      <Text> </Text>
      <HintBar hints={hintsFor('namespaces')} color={color} />
    </Box>
  );
}
