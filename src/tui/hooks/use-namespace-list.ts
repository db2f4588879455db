import { useEffect, type Dispatch } from 'react';
import type { TuiAction } from '../model/state.js';

export type ListNamespacesFn = (signal: AbortSignal) => Promise<string[]>;

/** Loads the namespace names while the namespace picker is open. */
export function useNamespaceList(listNamespaces: ListNamespacesFn, open: boolean, dispatch: Dispatch<TuiAction>): void {
  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    listNamespaces(controller.signal).then(
      (names) => {
        if (!controller.signal.aborted) dispatch({ type: 'namespacesLoaded', names: [...names].sort() });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) dispatch({ type: 'namespacesFailed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [listNamespaces, open, dispatch]);
}
