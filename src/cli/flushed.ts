/**
 * Resolves once everything written to `stream` so far has been handed to the OS. process.exit drops what a
 * pipe has not taken yet (Node writes to pipes asynchronously), so a tar stream on stdout read by a slow
 * `tar x` would end short; an empty write completes only after every write queued before it.
 */
export function flushed(stream: NodeJS.WritableStream & { destroyed?: boolean; writableLength?: number }): Promise<void> {
  if (stream.destroyed === true || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
