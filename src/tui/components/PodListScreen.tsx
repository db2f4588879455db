import { Box, Text } from 'ink';
import { hintsFor, type KeyContext } from '../model/keymap.js';
import { HintBar } from './HintBar.js';
import { listHeight } from '../model/layout.js';
import { countDistroless } from '../model/pod-index.js';
import { PodTable } from './PodTable.js';
import { StatusLine } from './StatusLine.js';
import type { TuiState } from '../model/state.js';
import { toneColor } from '../model/theme.js';

export interface PodListScreenProps {
  state: TuiState;
  context: KeyContext;
  kubeContext: string;
  now: number;
  color: boolean;
}

function emptyMessage(state: TuiState): string {
  if (state.watch.kind === 'loading') return 'Loading pods…';
  if (state.watch.kind === 'retrying' && state.index.sorted.length === 0) return 'Waiting for the API server…';
  if (state.filter !== '') return `No pod matches "${state.filter}".`;
  const where = state.allNamespaces ? 'any namespace' : `namespace ${state.namespace}`;
  return state.distrolessOnly ? `No running distroless pods in ${where} (d shows all).` : `No running pods in ${where}.`;
}

export function PodListScreen({ state, context, kubeContext, now, color }: PodListScreenProps) {
  const total = state.index.sorted.length;
  const distroless = countDistroless(state.index.sorted);
  const scope = state.allNamespaces ? 'all namespaces' : `namespace ${state.namespace}`;
  const shown = state.view.rows.length === total ? `${total} pods` : `${state.view.rows.length}/${total} pods`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color={toneColor(color, 'accent')}>
          cg-debug
        </Text>
        {`  ${kubeContext}  `}
        <Text bold>{scope}</Text>
        {`  ${shown}, ${distroless} distroless`}
        {state.distrolessOnly ? <Text color={toneColor(color, 'accent')}>  [distroless only]</Text> : ''}
      </Text>
      <StatusLine state={state} color={color} />
      <PodTable
        view={state.view}
        all={state.index.sorted}
        cursor={state.cursor}
        top={state.top}
        height={listHeight(state.viewport)}
        width={state.viewport.columns}
        allNamespaces={state.allNamespaces}
        now={now}
        color={color}
        empty={emptyMessage(state)}
        filter={state.filter}
        checks={state.devImages}
      />
      <HintBar hints={hintsFor(context)} color={color} />
    </Box>
  );
}
