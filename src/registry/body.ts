// Registry bodies are read with a size cap: a registry (or anything posing as one) decides how much it
// sends, and a 14.6 MB image config once cost 1.4 GB of memory. The caps are far above real documents:
// containerd refuses manifests over 4 MiB too.
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
export async function readCapped(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new BodyTooLargeError(limit);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

/** A capped body parsed as JSON; SyntaxError when it is not JSON. */
export async function readJson(response: Response, limit: number): Promise<unknown> {
  return JSON.parse((await readCapped(response, limit)).toString('utf8')) as unknown;
}
