import { Text } from 'ink';
import type { ReactNode } from 'react';

export interface PlanFieldProps {
  label: string;
  children: ReactNode;
}

/** One labelled line of the plan screen. */
export function PlanField({ label, children }: PlanFieldProps) {
  return (
    <Text wrap="truncate-end">
      <Text dimColor>{`  ${label.padEnd(10)} `}</Text>
      {children}
    </Text>
  );
}
