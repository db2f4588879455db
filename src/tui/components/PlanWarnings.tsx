import { Text } from 'ink';
import { toneColor } from '../model/theme.js';

export interface PlanWarningsProps {
  /** Already sanitized. */
  warnings: readonly string[];
  color: boolean;
}

/** A plan's warnings, one line each after a blank line; nothing when there are none. */
export function PlanWarnings({ warnings, color }: PlanWarningsProps) {
  if (warnings.length === 0) return null;
  return (
    <>
      <Text> </Text>
      {warnings.map((w) => (
        <Text key={w} wrap="truncate-end" color={toneColor(color, 'warn')}>{`  ! ${w}`}</Text>
      ))}
    </>
  );
}
