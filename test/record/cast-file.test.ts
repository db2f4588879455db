import { spawnSync } from 'node:child_process';
import { chownSync, linkSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCastFile } from '../../src/record/cast-file.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cg-cast-'));

describe('openCastFile', () => {
  it('writes a 0600 asciicast whose split UTF-8 characters arrive whole', () => {
    const file = join(dir(), 's.cast');
    let t = 1000;
    const cast = openCastFile(file, () => t);
    cast.start({ width: 80, height: 24, env: {}, title: 'x' });
    const euro = Buffer.from('€\r\n');
    t = 1500;
    cast.output(euro.subarray(0, 1), 'stdout');
    cast.output(euro.subarray(1), 'stdout');
    cast.input('l');
    cast.resize(90, 30);
    cast.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(1)).toEqual([[0.5, 'o', '€\r\n'], [0.5, 'i', 'l'], [0.5, 'r', '90x30']]);
  });

  it.each([
    { name: 'a file with content', setup: (f: string) => writeFileSync(f, 'old'), want: /already exists/ },
    { name: 'a symlink', setup: (f: string) => symlinkSync('/etc/passwd', f), want: /already exists/ },
    // N9: an empty file with a second name another user may read.
    {
      name: 'an empty file with another hard link',
      setup: (f: string) => {
        writeFileSync(`${f}.other`, '', { mode: 0o600 });
        linkSync(`${f}.other`, f);
      },
      want: /has another name \(a hard link\)/,
    },
    // N9: a FIFO at the path must be refused at once, not block the run until someone reads it.
    { name: 'a FIFO, without blocking', setup: (f: string) => void spawnSync('mkfifo', [f]), want: /already exists/ },
  ])('refuses $name', ({ setup, want }) => {
    const file = join(dir(), 's.cast');
    setup(file);
    expect(() => openCastFile(file, Date.now)).toThrow(want);
  });

  // N9: root's fchmod succeeds on a file another user prepared, but the file stays theirs.
  it.runIf(process.getuid?.() === 0)('refuses an empty file that belongs to another user', () => {
    const file = join(dir(), 's.cast');
    writeFileSync(file, '', { mode: 0o666 });
    chownSync(file, 65534, 65534);
    expect(() => openCastFile(file, Date.now)).toThrow(/belongs to another user/);
    expect(statSync(file).size).toBe(0);
  });

  it('takes an empty file and narrows it to 0600', () => {
    const file = join(dir(), 's.cast');
    writeFileSync(file, '', { mode: 0o644 });
    openCastFile(file, Date.now).close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a missing directory is a file access error; a file never started is removed', () => {
    expect(() => openCastFile(join(dir(), 'no', 's.cast'), Date.now)).toThrow(/its directory does not exist/);
    const file = join(dir(), 's.cast');
    openCastFile(file, Date.now).close();
    expect(existsSync(file)).toBe(false);
  });
});
