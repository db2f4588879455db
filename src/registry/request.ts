import { deadlineSignal } from '../timing/deadline-signal.js';
import { systemErrorCode } from '../core/system-error.js';
import { fetchToken, parseChallenge, tokenCacheKey, basicAuthorization } from './auth.js';
import type { RegistryContext } from './context.js';
import { registryBaseUrl } from './endpoint.js';
import type { HttpAnswer } from './http.js';
import { requestFollowing } from './redirects.js';

/** How a registry request went, without throwing. */
export type RegistryResponse =
  | { kind: 'response'; response: HttpAnswer }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** One signal for the caller's abort and the per-request timeout. */
export function requestSignal(context: RegistryContext): AbortSignal {
  const timeout = deadlineSignal(context.timeoutMs);
  return context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
}

/** Why a request failed, in a few words: `timed out after 3s`, `ECONNREFUSED`, `interrupted`. */
export function failureReason(error: unknown, context: RegistryContext): string {
  if (context.signal?.aborted) return 'interrupted';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${Math.round(context.timeoutMs / 100) / 10}s`;
  }
  const code = systemErrorCode(error);
  if (code) return code;
  // An error without a code may carry one that has it (a wrapped TLS or socket error).
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (cause) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * GET/HEAD `/v2/<repository>/<path>` with the distribution auth dance: an anonymous try (or a cached
 * token), then on a Bearer challenge a token from its realm and one retry. A Basic challenge without
 * credentials is unauthorized. 401/403 after that are unauthorized.
 */
export async function registryRequest(
  context: RegistryContext,
  registry: string,
  repository: string,
  path: string,
  init: { method: 'GET' | 'HEAD'; headers?: Record<string, string> },
): Promise<RegistryResponse> {
  const base = registryBaseUrl(registry);
  const url = `${base}/v2/${repository}/${path}`;
  const signal = requestSignal(context);
  const send = (authorization?: string) =>
    requestFollowing(context.transport, url, { method: init.method, ...(init.headers ? { headers: init.headers } : {}), ...(authorization ? { authorization } : {}), signal });
  try {
    const scopeKey = `${registry}|repository:${repository}:pull`;
    const cached = context.tokens.get(scopeKey);
    let response = await send(cached);
    if (response.status === 401) {
      const challenge = parseChallenge(response.header('www-authenticate'));
      response.discard();
      const { credentials, problem } = (await context.auth?.credentialsFor(registry)) ?? {};
      const anonymous = problem ? `anonymous access (${problem})` : 'anonymous access';
      const from = credentials?.source ? `the credentials from ${credentials.source}` : 'the credentials';
      let authorization: string;
      if (challenge?.scheme === 'bearer') {
        const answer = await fetchToken(context.transport, challenge, repository, base, credentials, signal);
        if ('refused' in answer) {
          const who = credentials ? from : anonymous;
          return { kind: 'unauthorized', reason: answer.status ? `the token service refused ${who}` : `${answer.refused} (${who})` };
        }
        authorization = `Bearer ${answer.token}`;
        context.tokens.set(tokenCacheKey(registry, challenge, repository), authorization);
      } else if (challenge?.scheme === 'basic' && credentials) {
        authorization = basicAuthorization(credentials);
      } else if (credentials) {
        return { kind: 'unauthorized', reason: 'unsupported authentication scheme' };
      } else {
        return { kind: 'unauthorized', reason: problem ? `credentials required; ${problem}` : 'credentials required' };
      }
      response = await send(authorization);
      if (response.status === 401 || response.status === 403) {
        response.discard();
        const why = credentials ? ` with ${from}` : problem ? ` anonymously; ${problem}` : '';
        return { kind: 'unauthorized', reason: `HTTP ${response.status}${why}` };
      }
      // Basic has no token round trip: keep the header so later calls need no 401 first.
      context.tokens.set(scopeKey, authorization);
    }
    if (response.status === 401 || response.status === 403) {
      response.discard();
      return { kind: 'unauthorized', reason: `HTTP ${response.status}` };
    }
    return { kind: 'response', response };
  } catch (error) {
    return { kind: 'unreachable', reason: failureReason(error, context) };
  }
}
