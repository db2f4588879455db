// A small tar stream held in memory (package databases), read into path -> text.
import { Parser } from 'tar';

/** Regular files of a tar archive by path (leading `./` dropped); other entries are skipped. */
export async function readTarFiles(archive: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      if (entry.type !== 'File') {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path.replace(/^(\.\/)+/, ''), Buffer.concat(chunks).toString('utf8')));
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
  });
  parser.end(archive);
  await done;
  return files;
}
