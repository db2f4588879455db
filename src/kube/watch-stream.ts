// One watch stream with the deadlines every watch of cg-debug has: the session's wait for its container
// and the picker's pod list both open their watches here, on the light REST client.
import type { Kube } from './client.js';

/**
 * The API server ends a watch after this long (client-go asks for 5-10 min; a short one bounds how long a
 * silently dead connection can go unnoticed). Each end is followed by a new watch (or a fresh list).
 */
export const WATCH_SERVER_TIMEOUT_S = 60;
/** A watch that has said nothing, not even its end, this long after it started (or its last event) is taken for dead. */
export const WATCH_IDLE_MS = (WATCH_SERVER_TIMEOUT_S + 15) * 1_000;

export interface WatchDeadlines {
  /** WATCH_IDLE_MS unless a test shortens it. */
  idleMs?: number;
}

/** Watch query parameters; timeoutSeconds is always WATCH_SERVER_TIMEOUT_S. */
export interface WatchParams {
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
}

/**
 * Opens a watch of `path` and returns at once a function that closes it (without calling `done`).
 * The REST client's own deadline bounds the wait for the server's headers; after that, a server that
 * accepts the watch and never says anything must not hold it: the idle deadline ends such a watch, and
 * any that goes quiet. `done` is called once: null when the server closed the stream, else the error
 * (ETIMEDOUT when idle). Events are newline-delimited JSON; a line that does not parse is skipped, as
 * client-node's Watch does.
 */
export function openWatch(
  kube: Pick<Kube, 'rest'>,
  path: string,
  params: WatchParams,
  onEvent: (type: string, object: unknown) => void,
  done: (error: unknown) => void,
  deadlines: WatchDeadlines = {},
): () => void {
  const idleMs = deadlines.idleMs ?? WATCH_IDLE_MS;
  let closed = false;
  const controller = new AbortController();
  const close = () => {
    closed = true;
    clearTimeout(idle);
    controller.abort();
  };
  const finish = (error: unknown) => {
    if (closed) return;
    close();
    done(error);
  };
  const idleError = () => Object.assign(new Error(`the watch said nothing for ${Math.round(idleMs / 1000)}s`), { code: 'ETIMEDOUT' });
  let idle = setTimeout(() => finish(idleError()), idleMs);
  const query = {
    watch: true,
    ...(params.fieldSelector === undefined ? {} : { fieldSelector: params.fieldSelector }),
    ...(params.resourceVersion === undefined ? {} : { resourceVersion: params.resourceVersion }),
    allowWatchBookmarks: params.allowWatchBookmarks,
    timeoutSeconds: WATCH_SERVER_TIMEOUT_S,
  };
  kube.rest.stream({ method: 'GET', path, query, signal: controller.signal }).then((response) => {
    if (closed) {
      response.destroy();
      return;
    }
    let pending = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while (!closed && (newline = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        let event: { type?: unknown; object?: unknown };
        try {
          event = JSON.parse(line) as { type?: unknown; object?: unknown };
        } catch {
          continue;
        }
        clearTimeout(idle);
        idle = setTimeout(() => finish(idleError()), idleMs);
        onEvent(String(event.type), event.object);
      }
    });
    response.on('error', finish);
    response.on('end', () => finish(null));
    response.on('close', () => finish(null));
  }, finish);
  return close;
}
