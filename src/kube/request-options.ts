import { deadlineSignal } from '../timing/deadline-signal.js';
import type { ConfigurationOptions, ObservableMiddleware } from '@kubernetes/client-node';

/**
 * client-node's Observable stub (a promise with toPromise and pipe), as its middleware chain reads it;
 * declared here so that importing this module does not load the client's package index.
 */
class Observable<T> {
  constructor(private readonly promise: Promise<T>) {}
  toPromise(): Promise<T> {
    return this.promise;
  }
  pipe<S>(callback: (value: T) => S | PromiseLike<S>): Observable<S> {
    return new Observable(this.promise.then(callback));
  }
}

/**
 * How long one REST call may take before it is abandoned. The API server answers a GET or a PATCH in
 * milliseconds; a server that accepts the connection and never answers must not hold the run forever.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

// client-node 1.x takes no AbortSignal per call; a middleware can set one on the request context.
// The object-parameter API expects observable-style middleware (setHeaderOptions builds the same kind).
function middleware(pre: (context: Parameters<ObservableMiddleware['pre']>[0]) => void): ObservableMiddleware {
  return {
    pre: (context) => {
      pre(context);
      return new Observable(Promise.resolve(context)) as unknown as ReturnType<ObservableMiddleware['pre']>;
    },
    post: (response) => new Observable(Promise.resolve(response)) as unknown as ReturnType<ObservableMiddleware['post']>,
  };
}

/**
 * Per-call options: the caller's abort signal bounded by a deadline, and extra headers (e.g. the patch
 * content type). The deadline starts when the request is sent. An abort while the caller's signal is not
 * aborted is the deadline: toKubeError tells the two apart with the signal in its ApiAction.
 */
export function requestOptions(
  signal?: AbortSignal,
  headers: Record<string, string> = {},
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): ConfigurationOptions<ObservableMiddleware> {
  const list: ObservableMiddleware[] = [
    middleware((context) => {
      const deadline = deadlineSignal(timeoutMs);
      context.setSignal(signal ? AbortSignal.any([signal, deadline]) : deadline);
    }),
  ];
  for (const [key, value] of Object.entries(headers)) list.push(middleware((context) => context.setHeaderParam(key, value)));
  return { middleware: list, middlewareMergeStrategy: 'append' };
}
