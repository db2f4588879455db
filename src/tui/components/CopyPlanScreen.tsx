import { Box, Text } from 'ink';
import { commandLine } from '../../core/copy-shell.js';
import { securitySummary } from '../../core/profiles.js';
import { sanitizeText } from '../../core/sanitize.js';
import type { DebugPlan } from '../../session/debug-session.js';
import { hintsFor } from '../model/keymap.js';
import { toneColor } from '../model/theme.js';
import { HintBar } from './HintBar.js';
import { PlanField } from './PlanField.js';
import { PlanWarnings } from './PlanWarnings.js';

export interface CopyPlanScreenProps {
  plan: DebugPlan;
  copy: NonNullable<DebugPlan['copy']>;
  color: boolean;
}

/** The plan for a pod whose target does not run: a copy of it (`--copy`), and what differs in it. */
export function CopyPlanScreen({ plan, copy, color }: CopyPlanScreenProps) {
  const { profile, user } = securitySummary(plan.security);
  const level = plan.level === undefined ? 'Pod Security level unknown' : `namespace enforces ${plan.level}`;
  const warnings = [...new Set(plan.warnings.map(sanitizeText))];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`Debug a copy of ${sanitizeText(plan.namespace)}/${sanitizeText(copy.original)}`}</Text>
      <Text wrap="truncate-end" color={toneColor(color, 'warn')}>
        {`  ${sanitizeText(plan.target.container)} does not run: a debug container cannot target it, a copy of the pod can`}
      </Text>
      <Text> </Text>
      <PlanField label="copy">{copy.reuse === undefined ? `new pod ${sanitizeText(copy.name)}` : `reuse running copy ${sanitizeText(copy.reuse)}`}</PlanField>
      <PlanField label="container">{`${sanitizeText(copy.container)}, as ${user}`}</PlanField>
      <PlanField label="profile">{`${profile}  (${level})`}</PlanField>
      <Text> </Text>
      <Text bold>What changes in the copy</Text>
      {copy.changes.map((change) => (
        <Text key={change} wrap="truncate-end">{`  · ${sanitizeText(change)}`}</Text>
      ))}
      <Text wrap="truncate-end">{`  · app (in the shell): ${copy.app.argv.length > 0 ? sanitizeText(commandLine(copy.app.argv)) : 'unknown'}`}</Text>
      <PlanWarnings warnings={warnings} color={color} />
      <Text> </Text>
      <HintBar hints={hintsFor('plan')} color={color} />
    </Box>
  );
}
