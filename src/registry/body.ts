// Registry bodies are read with a size cap: a registry (or anything posing as one) decides how much it
// sends, and a 14.6 MB image config once cost 1.4 GB of memory. The caps are far above real documents:
// containerd refuses manifests over 4 MiB too. The cap is enforced as the body streams in (http.ts).
import type { HttpAnswer } from './http.js';

const MiB = 1024 * 1024;

export const BODY_LIMITS = {
  manifest: 4 * MiB,
  config: 4 * MiB,
  tagsList: 4 * MiB,
  history: 4 * MiB,
  token: 1 * MiB,
} as const;

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`the registry sent more than ${Math.round((limit / MiB) * 10) / 10} MiB`);
    this.name = 'BodyTooLargeError';
  }
}

/** The whole body, or BodyTooLargeError as soon as it passes `limit` bytes (the rest is not read). */
export function readCapped(response: HttpAnswer, limit: number): Promise<Buffer> {
  return response.read(limit);
}

/** A capped body parsed as JSON; SyntaxError when it is not JSON. */
export async function readJson(response: HttpAnswer, limit: number): Promise<unknown> {
  return JSON.parse((await readCapped(response, limit)).toString('utf8')) as unknown;
}
