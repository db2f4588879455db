import { ContainerPicker } from './ContainerPicker.js';
import { ErrorScreen } from './ErrorScreen.js';
import { HelpScreen } from './HelpScreen.js';
import { NamespacePicker } from './NamespacePicker.js';
import { PlanScreen } from './PlanScreen.js';
import { PodListScreen } from './PodListScreen.js';
import { ProgressScreen } from './ProgressScreen.js';
import { keyContext, namespaceChoices, screenContext } from '../model/reducer.js';
import type { TuiState } from '../model/state.js';

export interface CurrentScreenProps {
  state: TuiState;
  kubeContext: string;
  now: number;
  color: boolean;
  /** Open shells by debug container name, for the container picker. */
  shells: ReadonlyMap<string, number | null>;
}

/** The screen the state is on (or the help over it). */
export function CurrentScreen({ state, kubeContext, now, color, shells }: CurrentScreenProps) {
  const screen = state.screen;
  if (state.help) return <HelpScreen context={screenContext(state)} viewport={state.viewport} color={color} />;
  switch (screen.kind) {
    case 'list':
      return <PodListScreen state={state} context={keyContext(state)} kubeContext={kubeContext} now={now} color={color} />;
    case 'namespaces':
      return (
        <NamespacePicker
          choices={namespaceChoices(screen.names, screen.filter)}
          loading={screen.names === undefined}
          loadError={screen.loadError}
          filter={screen.filter}
          cursor={screen.cursor}
          current={state.namespace}
          viewport={state.viewport}
          color={color}
        />
      );
    case 'containers':
      return (
        <ContainerPicker
          namespace={screen.pod.namespace}
          pod={screen.pod.name}
          items={screen.items}
          cursor={screen.cursor}
          viewport={state.viewport}
          color={color}
          now={now}
          shells={shells}
        />
      );
    case 'planning':
    case 'starting':
      return <ProgressScreen phase={screen.kind} choice={screen.choice} steps={screen.steps} viewport={state.viewport} color={color} />;
    case 'plan':
      return <PlanScreen plan={screen.plan} color={color} />;
    case 'error':
      return <ErrorScreen choice={screen.choice} error={screen.error} steps={screen.steps} viewport={state.viewport} color={color} />;
  }
}
