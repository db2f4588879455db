// Appends to the audit log: the directory private (0700), the file 0600, and each line one write(2)
// with O_APPEND, which the kernel keeps whole against concurrent cg-debug runs appending to the same file.
import { closeSync, constants, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `line` at the end of `file`, creating it and its directory; throws on any failure. */
export function appendAuditLine(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = constants;
  const fd = openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
  try {
    const bytes = Buffer.from(line, 'utf8');
    const written = writeSync(fd, bytes);
    if (written !== bytes.length) throw new Error(`short write (${written} of ${bytes.length} bytes)`);
  } finally {
    closeSync(fd);
  }
}
