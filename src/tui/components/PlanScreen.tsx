import { Box, Text } from 'ink';
import { securitySummary, type Ability } from '../../core/profiles.js';
import type { DebugPlan } from '../../session/debug-session.js';
import { HintBar } from './HintBar.js';
import { PlanField } from './PlanField.js';
import { PlanWarnings } from './PlanWarnings.js';
import { hintsFor } from '../model/keymap.js';
import { sanitizeText } from '../../core/sanitize.js';
import { CopyPlanScreen } from './CopyPlanScreen.js';
import { toneColor, type Tone } from '../model/theme.js';

export interface PlanScreenProps {
  plan: DebugPlan;
  color: boolean;
}

const VERIFIED: Record<DebugPlan['image']['verified'], string> = {
  exists: 'found in the registry',
  unchecked: 'not checked',
  unreachable: 'registry did not answer',
};

const ABILITY: Record<Ability, [string, string, Tone]> = {
  yes: ['✓', 'can', 'good'],
  no: ['✗', 'cannot', 'bad'],
  unknown: ['?', 'may not', 'warn'],
};

function targetLine(plan: DebugPlan): string {
  const t = plan.target;
  const user = t.uid === undefined ? 'user unknown' : `uid ${t.uid}${t.uidSource === 'unknown' ? '' : ` (from ${t.uidSource})`}`;
  const facts = [user, t.readOnlyRootFilesystem ? 'read-only root filesystem' : '', t.shareProcessNamespace ? 'shared PID namespace' : ''];
  return `${sanitizeText(t.container)}  ${facts.filter((f) => f !== '').join(', ')}`;
}

export function PlanScreen({ plan, color }: PlanScreenProps) {
  if (plan.copy) return <CopyPlanScreen plan={plan} copy={plan.copy} color={color} />;
  const image = plan.image;
  const security = plan.security;
  const abilities = [
    { ability: security.abilities.readAppFiles, what: "read the app's files and processes", why: security.abilities.readAppFilesWhy },
    { ability: security.abilities.installPackages, what: 'install packages (apk add)', why: security.abilities.installPackagesWhy },
  ];
  const warnings = [...new Set([...plan.warnings, ...image.warnings, ...security.warnings].map(sanitizeText))];
  const level = plan.level === undefined ? 'Pod Security level unknown' : `namespace enforces ${plan.level}`;
  const { profile } = securitySummary(security);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{`Debug ${sanitizeText(plan.namespace)}/${sanitizeText(plan.podName)}`}</Text>
      <Text> </Text>
      <PlanField label="target">{targetLine(plan)}</PlanField>
      {plan.reuse === undefined ? (
        <>
          <PlanField label="image">{sanitizeText(image.image)}</PlanField>
          <PlanField label="">
            <Text color={toneColor(color, image.confidence === 'guess' ? 'warn' : 'muted')}>
              {`${image.rule}, ${image.confidence}, ${VERIFIED[image.verified]}: ${sanitizeText(image.reason)}`}
            </Text>
          </PlanField>
        </>
      ) : (
        <PlanField label="image">{`${sanitizeText(plan.reuse.image)}  (as the running container was started)`}</PlanField>
      )}
      <PlanField label="profile">{`${profile}  (${level})`}</PlanField>
      <PlanField label="container">
        {plan.reuse === undefined
          ? `new ${sanitizeText(plan.container?.name ?? '')}`
          : `reattach running ${sanitizeText(plan.reuse.name)}`}
      </PlanField>
      <Text> </Text>
      <Text bold>The shell</Text>
      {abilities.map(({ ability, what, why }) => {
        const [icon, verb, tone] = ABILITY[ability];
        return (
          <Text key={what} wrap="truncate-end">
            <Text color={toneColor(color, tone)}>{`  ${icon} ${verb} `}</Text>
            {what}
            <Text dimColor>{`: ${sanitizeText(why)}`}</Text>
          </Text>
        );
      })}
      <PlanWarnings warnings={warnings} color={color} />
      <Text> </Text>
      <HintBar hints={hintsFor('plan')} color={color} />
    </Box>
  );
}

