// The few API calls a debug session makes, over Node's http(s) with one keep-alive agent per client, so a
// session's requests share TLS connections and no generated client is loaded. A failure is thrown in the
// shape client-node's ApiException has (code, body, headers), so api-errors.ts and retry.ts read both alike.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { HttpsOptions } from './kubeconfig.js';

/** How long one REST call may take before it is abandoned (request-options.ts uses the same figure). */
export const REST_TIMEOUT_MS = 30_000;
/** An error body larger than this is cut: it only feeds a message. */
const MAX_ERROR_BODY = 64 * 1024;
/** A JSON answer larger than this is refused rather than held: a hostile server could send without end. */
export const MAX_JSON_BODY = 256 * 1024 * 1024;

/** Where requests go and with which credentials; headers every request carries (e.g. impersonation). */
export interface RestTarget {
  server: string;
  /** TLS options and the Authorization header for the next request (an exec plugin may refresh it). */
  applyToHTTPSOptions(opts: HttpsOptions): Promise<void>;
  /** Sent with every request, after the credentials. */
  headers?: Record<string, string>;
  /** --request-timeout: no request waits longer than this, whatever its own deadline. */
  requestTimeoutMs?: number;
}

export interface RestCall {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path below the server, already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The body's content type (a patch's strategy); JSON when absent. */
  contentType?: string;
  headers?: Record<string, string>;
  /** The caller's signal: aborting it aborts the request. */
  signal?: AbortSignal | undefined;
  /** The request's own deadline from when it is sent; REST_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

/** A call prefetch() may send ahead: no query, no headers of its own, a JSON body at most. */
export type PrefetchCall = Pick<RestCall, 'method' | 'path' | 'body' | 'signal' | 'timeoutMs'>;

/** What identifies a prefetched call: method, path, deadline and body. */
function prefetchKey(call: PrefetchCall): string {
  return `${call.method} ${call.path} ${call.timeoutMs ?? ''} ${call.body === undefined ? '' : JSON.stringify(call.body)}`;
}

/** An HTTP status other than 2xx, shaped like client-node's ApiException for api-errors.ts. */
export class RestError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
    readonly headers: Record<string, string>,
  ) {
    super(`HTTP-Code: ${code}\nBody: ${body.slice(0, 200)}`);
    this.name = 'RestError';
  }
}

export interface RestClient {
  /** Sends the call and resolves its JSON answer; throws RestError, an AbortError, or the socket's error. */
  json<T>(call: RestCall): Promise<T>;
  /** Sends the call and resolves the response once its headers arrived (a watch); non-2xx throws RestError. */
  stream(call: RestCall): Promise<IncomingMessage>;
  /**
   * Sends reads now (GETs, or POSTs that change nothing such as access reviews), one after another on one
   * keep-alive connection: one TLS handshake where calls sent at once would each open their own. The next
   * json() of the same method, path and body, on the same signal, takes the answer (or the error) instead
   * of sending another, once. Their round trips then overlap what the caller does meanwhile.
   */
  prefetch(calls: readonly PrefetchCall[]): void;
}

/** What a DOM abort looks like (`name` AbortError), which api-errors.ts reads as a deadline or an interrupt. */
function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

function urlOf(server: string, call: RestCall): URL {
  const url = new URL(server.replace(/\/+$/, '') + call.path);
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  return url;
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** The body as text, up to `limit` bytes: the rest is dropped, or with `refuse` the response is ended with an error. */
function readAll(response: IncomingMessage, limit: number, refuse = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (refuse) {
        reject(new Error(`the API server's answer is larger than ${limit} bytes: not reading it`));
        response.destroy();
      }
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    response.on('aborted', () => reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' })));
  });
}

/** How long a call may take: its own deadline, within --request-timeout. */
function deadlineMs(target: RestTarget, call: RestCall): number {
  const own = call.timeoutMs ?? REST_TIMEOUT_MS;
  return target.requestTimeoutMs === undefined ? own : Math.min(own, target.requestTimeoutMs);
}

/**
 * json() with prefetch(): reads sent ahead one after another, each taken by the first json() of the same
 * call. A read waits for the one before it to be answered before it is even sent, so the caller that takes
 * it gives up at its own deadline from when it asked (`deadlineMs`), as a call it sent itself would.
 */
function withPrefetch(json: <T>(call: RestCall) => Promise<T>, deadlineMs: (call: RestCall) => number): Pick<RestClient, 'json' | 'prefetch'> {
  const prefetched = new Map<string, { answer: Promise<unknown>; signal: AbortSignal | undefined }>();
  return {
    json<T>(call: RestCall): Promise<T> {
      const plain = call.query === undefined && call.headers === undefined && call.contentType === undefined;
      const key = plain && prefetched.size > 0 ? prefetchKey(call) : undefined;
      const early = key === undefined ? undefined : prefetched.get(key);
      // Only a call that the same signal ends takes it: another caller's signal could not abort it.
      if (key === undefined || !early || early.signal !== call.signal) return json<T>(call);
      prefetched.delete(key);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(abortError()), deadlineMs(call));
        timer.unref();
        (early.answer as Promise<T>).then(resolve, reject).finally(() => clearTimeout(timer));
      });
    },
    prefetch(calls) {
      let previous: Promise<unknown> = Promise.resolve();
      for (const call of calls) {
        const key = prefetchKey(call);
        if (prefetched.has(key)) continue;
        // Sent once the one before is answered, so it goes on that call's connection, back in the pool.
        const answer = previous.then(
          () => json<unknown>(call),
          () => json<unknown>(call),
        );
        // Its failure is the later caller's to handle (or nobody's, when no one asks).
        answer.catch(() => undefined);
        prefetched.set(key, { answer, signal: call.signal });
        previous = answer;
      }
    },
  };
}

/** A client for one cluster: every call goes through `target`'s credentials on a shared keep-alive agent. */
export function restClient(target: RestTarget, limits: { maxJsonBody?: number } = {}): RestClient {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  /**
   * Sends the call; resolves once the response's headers arrived. Until `settle` is called the deadline
   * runs, and the caller's signal ends the request (and the response) at any time.
   */
  const send = async (call: RestCall): Promise<{ response: IncomingMessage; settle: () => void; abort: () => Error | undefined }> => {
    const url = urlOf(target.server, call);
    const opts: HttpsOptions = { headers: {} };
    await target.applyToHTTPSOptions(opts);
    if (call.signal?.aborted) throw abortError();
    const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
    const headers: Record<string, string | string[] | number> = { Accept: 'application/json' };
    for (const [key, value] of Object.entries((opts.headers ?? {}) as Record<string, string | string[] | number | undefined>)) if (value !== undefined) headers[key] = value;
    Object.assign(headers, target.headers, call.headers);
    if (body) {
      headers['Content-Type'] = call.contentType ?? 'application/json';
      headers['Content-Length'] = body.length;
    }
    const secure = url.protocol === 'https:';
    // A client-node agent (a proxy) when the kubeconfig made one; else ours, which pools by the TLS options.
    const agent = opts.agent ?? (secure ? agents.https : agents.http);
    const request = (secure ? https : http).request(url, {
      method: call.method,
      headers,
      agent: agent as http.Agent,
      ...(opts.auth !== undefined ? { auth: opts.auth } : {}),
      ...(secure
        ? {
            ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
            ...(opts.cert !== undefined ? { cert: opts.cert } : {}),
            ...(opts.key !== undefined ? { key: opts.key } : {}),
            ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
            ...(opts.servername !== undefined ? { servername: opts.servername } : {}),
          }
        : {}),
    });
    // Both end the request with an AbortError: api-errors.ts tells the deadline from the caller's signal by the latter.
    let aborted: Error | undefined;
    const onAbort = () => request.destroy((aborted = abortError()));
    const timer = setTimeout(onAbort, deadlineMs(target, call));
    timer.unref();
    call.signal?.addEventListener('abort', onAbort, { once: true });
    request.once('close', () => call.signal?.removeEventListener('abort', onAbort));
    const settle = () => clearTimeout(timer);
    try {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        request.once('response', resolve);
        request.once('error', reject);
        request.end(body);
      });
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        const text = await readAll(response, MAX_ERROR_BODY);
        throw new RestError(status, text, flatHeaders(response.headers));
      }
      return { response, settle, abort: () => aborted };
    } catch (error) {
      settle();
      throw error;
    }
  };

  const json = async <T>(call: RestCall): Promise<T> => {
    const { response, settle, abort } = await send(call);
    // A body cut off by the deadline or the signal reads as that abort, not as the reset it causes.
    const text = await readAll(response, limits.maxJsonBody ?? MAX_JSON_BODY, true)
      .catch((error: unknown) => {
        throw abort() ?? error;
      })
      .finally(settle);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`the API server answered ${call.method} ${call.path} with a body that is not JSON`, { cause: error });
    }
  };

  return {
    ...withPrefetch(json, (call) => deadlineMs(target, call)),
    async stream(call: RestCall): Promise<IncomingMessage> {
      const { response, settle } = await send(call);
      settle();
      return response;
    },
  };
}
