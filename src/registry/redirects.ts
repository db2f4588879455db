// Redirects are followed here, hop by hop (the transport never follows one): every hop must stay on https
// (plain http only between loopback hosts, where a local registry speaks it), and the Authorization header
// goes only to the scheme, host and port it was meant for.
import { isLoopback } from '../core/loopback.js';
import type { HttpAnswer, Transport } from './http.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
export const MAX_REDIRECTS = 5;

/** Why a redirect is refused, or undefined when `next` may be followed from `from`. */
export function redirectRefusal(from: URL, next: URL): string | undefined {
  if (next.protocol === 'https:') return undefined;
  if (next.protocol === 'http:' && from.protocol === 'http:' && isLoopback(from.host) && isLoopback(next.host)) return undefined;
  if (next.protocol === 'http:' && from.protocol === 'https:') return `refused a redirect from https to plain http (${next.host})`;
  return `refused a redirect to ${next.protocol}//${next.host}: only https is followed`;
}

export interface FollowInit {
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Sent only to the host and scheme of the first URL. */
  authorization?: string;
  signal: AbortSignal;
}

/** A request with redirects followed under the rules above; throws an Error naming a refused hop. */
export async function requestFollowing(transport: Transport, url: string, init: FollowInit): Promise<HttpAnswer> {
  const first = new URL(url);
  let current = first;
  for (let hop = 0; ; hop++) {
    const sameOrigin = current.origin === first.origin;
    const headers = { ...init.headers, ...(init.authorization && sameOrigin ? { authorization: init.authorization } : {}) };
    const response = await transport(current.toString(), { method: init.method, headers, signal: init.signal });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    const location = response.header('location');
    response.discard();
    if (!location) throw new Error(`HTTP ${response.status} redirect without a Location`);
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new Error('a redirect to an invalid URL');
    }
    const refusal = redirectRefusal(current, next);
    if (refusal) throw new Error(refusal);
    current = next;
  }
}
