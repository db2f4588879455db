import { useEffect, useState } from 'react';
import type { Screen } from '../model/state.js';

/** Where a shell count is asked: a running debug container that shells are exec'd into. */
export interface ShellCountTarget {
  namespace: string;
  pod: string;
  container: string;
}

/** How many shells are open in a debug container (an exec into it); null when that cannot be told. */
export type CountShellsFn = (target: ShellCountTarget, signal: AbortSignal) => Promise<number | null>;

const NONE: ReadonlyMap<string, number | null> = new Map();

/**
 * While the container picker shows, counts the open shells of its running holders, all at once; the
 * counts arrive one by one. Leaving the picker aborts the counts still running.
 */
export function useShellCounts(count: CountShellsFn, screen: Screen): ReadonlyMap<string, number | null> {
  const items = screen.kind === 'containers' ? screen.items : undefined;
  const pod = screen.kind === 'containers' ? screen.pod : undefined;
  const [counts, setCounts] = useState<{ items: unknown; counts: ReadonlyMap<string, number | null> }>({ items: undefined, counts: NONE });
  useEffect(() => {
    if (items === undefined || pod === undefined) return;
    const controller = new AbortController();
    setCounts({ items, counts: NONE });
    for (const item of items) {
      if (item.kind !== 'debug' || item.facts.connectBy !== 'exec') continue;
      count({ namespace: pod.namespace, pod: pod.name, container: item.name }, controller.signal).then(
        (n) => {
          if (!controller.signal.aborted) setCounts((c) => (c.items === items ? { items, counts: new Map(c.counts).set(item.name, n) } : c));
        },
        () => {
          if (!controller.signal.aborted) setCounts((c) => (c.items === items ? { items, counts: new Map(c.counts).set(item.name, null) } : c));
        },
      );
    }
    return () => controller.abort();
  }, [count, items, pod]);
  return counts.items === items ? counts.counts : NONE;
}
