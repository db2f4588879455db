import { Observable, type ConfigurationOptions, type ObservableMiddleware } from '@kubernetes/client-node';

// client-node 1.x takes no AbortSignal per call; a middleware can set one on the request context.
// The object-parameter API expects observable-style middleware (setHeaderOptions builds the same kind).
function middleware(pre: (context: Parameters<ObservableMiddleware['pre']>[0]) => void): ObservableMiddleware {
  return {
    pre: (context) => {
      pre(context);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}

/** Per-call options: an abort signal and extra headers (e.g. the patch content type). */
export function requestOptions(
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): ConfigurationOptions<ObservableMiddleware> | undefined {
  const list: ObservableMiddleware[] = [];
  if (signal) list.push(middleware((context) => context.setSignal(signal)));
  for (const [key, value] of Object.entries(headers)) list.push(middleware((context) => context.setHeaderParam(key, value)));
  return list.length === 0 ? undefined : { middleware: list, middlewareMergeStrategy: 'append' };
}
