import { Text } from 'ink';
import { sanitizeText } from '../../core/sanitize.js';
import type { TuiState } from '../model/state.js';
import { toneColor } from '../model/theme.js';

export interface StatusLineProps {
  state: TuiState;
  color: boolean;
}

/** The line above the table: the filter being typed, a watch problem, or the applied filter. */
export function StatusLine({ state, color }: StatusLineProps) {
  if (state.filtering) {
    return (
      <Text wrap="truncate-end">
        <Text color={toneColor(color, 'accent')}>/</Text>
        {state.filter}
        <Text inverse> </Text>
      </Text>
    );
  }
  if (state.watch.kind === 'retrying') {
    return (
      <Text wrap="truncate-end" color={toneColor(color, 'warn')}>
        {`! ${sanitizeText(state.watch.message)} (retrying)`}
      </Text>
    );
  }
  if (state.filter !== '') return <Text wrap="truncate-end" dimColor>{`filter: ${state.filter}  (Esc clears)`}</Text>;
  return <Text> </Text>;
}
