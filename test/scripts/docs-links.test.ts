// The README is short and links into docs/: every relative link in README.md and docs/*.md must reach a file
// that exists and, when it names one, a heading that file has (GitHub's anchor for it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The text outside fenced code blocks. */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(file: string): Set<string> {
  const headings = [...prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? ''));
  return new Set(headings);
}

const links = pages.flatMap((page) =>
  [...prose(readFileSync(path.join(root, page), 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ page, target })),
);

describe('links between README.md and docs/', () => {
  it('finds the links', () => {
    expect(links.length).toBeGreaterThan(10);
  });

  it.each(links)('$page -> $target', ({ page, target }) => {
    const [file, anchor] = target.split('#');
    const resolved = file ? path.resolve(path.dirname(path.join(root, page)), file) : path.join(root, page);
    expect(existsSync(resolved), `${resolved} does not exist`).toBe(true);
    if (anchor && resolved.endsWith('.md')) expect([...anchors(resolved)]).toContain(anchor);
  });
});
