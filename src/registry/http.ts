// The registry's HTTP over Node's http(s), not the global fetch: loading and first using fetch (undici,
// with its WebAssembly HTTP parser) took a run from 44 to 84 MiB of resident memory, for the few GETs and
// HEADs a registry check makes. Redirects are never followed here (redirects.ts decides each hop), bodies
// are read with a cap, and the caller's signal (its deadline and Ctrl-C) ends the request at any stage:
// connect, TLS, headers, body.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isLoopback } from '../core/loopback.js';
import { BodyTooLargeError } from './body.js';

/** A response whose headers arrived; the body is read once, with a cap, or discarded. */
export interface HttpAnswer {
  status: number;
  /** 2xx. */
  ok: boolean;
  /** A header's value (lower-case name; repeated headers joined with `, `), or undefined. */
  header(name: string): string | undefined;
  /** The whole body; BodyTooLargeError as soon as it passes `limit` bytes (the rest is not read). */
  read(limit: number): Promise<Buffer>;
  /** The body is not wanted: a short one is drained so the connection can be reused, else it is cut. */
  discard(): void;
}

export interface HttpInit {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  /** Ends the request and its body with the signal's reason (a TimeoutError for a deadline). */
  signal: AbortSignal;
}

/** Sends one request and resolves once the response's headers arrived. Never follows a redirect. */
export type Transport = (url: string, init: HttpInit) => Promise<HttpAnswer>;

export interface TransportOptions {
  /** Trusted roots instead of Node's (its bundled ones and NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer;
}

/** An unwanted body larger than this, or slower than DRAIN_MS, costs its connection rather than a wait. */
const DRAIN_LIMIT = 64 * 1024;
const DRAIN_MS = 1000;

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

/** Why a URL is not sent at all: only http(s), plain http only to this machine (as a local registry speaks it). */
export function transportRefusal(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') return isLoopback(url.host) ? undefined : `plain http to ${url.host} refused: only loopback registries are asked over http`;
  return `${url.protocol}// is not http or https`;
}

function answerOf(response: IncomingMessage, signal: AbortSignal, done: () => void): HttpAnswer {
  const status = response.statusCode ?? 0;
  let used = false;
  const use = () => {
    if (used) throw new Error('a response body is read once');
    used = true;
  };
  return {
    status,
    ok: status >= 200 && status <= 299,
    header(name) {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    read(limit) {
      use();
      return new Promise<Buffer>((resolve, reject) => {
        const fail = (error: Error) => {
          response.destroy();
          done();
          reject(error);
        };
        if (signal.aborted) return fail(abortReason(signal));
        const declared = Number(response.headers['content-length'] ?? NaN);
        if (declared > limit) return fail(new BodyTooLargeError(limit));
        const chunks: Buffer[] = [];
        let size = 0;
        const onAbort = () => fail(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) fail(new BodyTooLargeError(limit));
          else chunks.push(chunk);
        });
        response.once('end', () => {
          signal.removeEventListener('abort', onAbort);
          done();
          resolve(Buffer.concat(chunks));
        });
        response.once('error', (error) => fail(error));
        // A connection closed before the end (the server, or a destroy above): settles once, first reason wins.
        response.once('close', () => {
          signal.removeEventListener('abort', onAbort);
          if (!response.complete) fail(Object.assign(new Error('the registry closed the connection mid-answer'), { code: 'ECONNRESET' }));
        });
      });
    },
    discard() {
      use();
      // Even a complete body is consumed: the socket goes back to the pool only at its end.
      if (response.complete) {
        response.resume();
        return done();
      }
      let drained = 0;
      const cut = () => response.destroy();
      const timer = setTimeout(cut, DRAIN_MS);
      timer.unref();
      response.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_LIMIT) cut();
      });
      response.once('close', () => {
        clearTimeout(timer);
        done();
      });
      response.once('error', () => undefined);
      response.resume();
    },
  };
}

/**
 * Node 24 (the single executable's) sends requests through HTTP_PROXY/HTTPS_PROXY (NO_PROXY honoured) when
 * told to with NODE_USE_ENV_PROXY=1 or --use-env-proxy, for its global agent and fetch alike; agents of our
 * own take the same environment only when given it. Node 20 has no such option and ignores it. Only https
 * requests take it: plain http is only ever sent to a loopback registry, which is asked directly.
 */
export function proxyOption(env: NodeJS.ProcessEnv, execArgv: readonly string[]): { proxyEnv?: NodeJS.ProcessEnv } {
  const asked = env.NODE_USE_ENV_PROXY === '1' || execArgv.includes('--use-env-proxy') || /(?:^|\s)--use-env-proxy(?:\s|$)/.test(env.NODE_OPTIONS ?? '');
  return asked ? { proxyEnv: env } : {};
}

/**
 * A transport with its own keep-alive agents, so a check's requests to one registry share a connection
 * (the token round trip and the retry after it, the HEADs of the candidates). Idle sockets keep no
 * process alive. TLS is verified against Node's roots (or `options.ca`) as fetch did.
 */
export function httpTransport(options: TransportOptions = {}): Transport {
  const proxy = proxyOption(process.env, process.execArgv);
  const agents = {
    // Plain http goes only to this machine's loopback (transportRefusal), with its registry's credentials:
    // never through a proxy, which would see them in the clear and reach its own loopback, not ours.
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true, ...proxy, ...(options.ca !== undefined ? { ca: options.ca } : {}) }),
  };
  return async (url, init) => {
    // One turn of the event loop first: a connection whose last answer just ended goes back to the pool on
    // the next tick, and the request right after (the token request after a 401, the retry after it) reuses it.
    await new Promise((resolve) => setImmediate(resolve));
    return new Promise<HttpAnswer>((resolve, reject) => {
      const target = new URL(url);
      const refusal = transportRefusal(target);
      if (refusal) return reject(new Error(refusal));
      if (init.signal.aborted) return reject(abortReason(init.signal));
      const secure = target.protocol === 'https:';
      let request: http.ClientRequest;
      try {
        // No Accept-Encoding: bodies come as they are counted, never inflated past their cap.
        request = (secure ? https : http).request(target, {
          method: init.method,
          headers: { 'user-agent': 'cg-debug', ...init.headers },
          agent: secure ? agents.https : agents.http,
        });
      } catch (error) {
        // A header value Node refuses (a control character): nothing was sent.
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      const onAbort = () => request.destroy(abortReason(init.signal));
      init.signal.addEventListener('abort', onAbort, { once: true });
      const done = () => init.signal.removeEventListener('abort', onAbort);
      request.once('error', (error) => {
        done();
        reject(error);
      });
      let answered = false;
      // A request can also end with neither: Node closes the socket of a 101 it did not ask for and emits
      // only 'close', after which destroy() (the deadline, Ctrl-C) does nothing. It settles here.
      request.once('close', () => {
        if (answered) return;
        done();
        reject(init.signal.aborted ? abortReason(init.signal) : Object.assign(new Error('the registry closed the connection without an answer'), { code: 'ECONNRESET' }));
      });
      request.once('response', (response) => {
        answered = true;
        // Errors after this point reach the body's reader; an unread, undiscarded body is still ended by the signal.
        request.removeAllListeners('error');
        request.once('error', () => undefined);
        resolve(answerOf(response, init.signal, done));
      });
      request.end();
    });
  };
}

let shared: Transport | undefined;

/** The process's registry transport, made at first use (its agents pool connections across calls). */
export function registryTransport(): Transport {
  return (shared ??= httpTransport());
}
