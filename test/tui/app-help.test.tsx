import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { makePod } from './support/pods.js';
import { KEYS, renderApp } from './support/harness.js';

afterEach(() => cleanup());

const lines = (frame: string) => frame.replace(/\n$/, '').split('\n');

describe('the ? help screen', () => {
  it.each([
    { name: '80x24', size: { columns: 80, rows: 24 } },
    { name: '60x24', size: { columns: 60, rows: 24 } },
  ])('fits $name with every key and the whole column legend', async ({ size }) => {
    const app = renderApp({ size });
    await app.settle();
    app.list([makePod({ name: 'web', namespace: 'shop' })]);
    await app.settle();
    await app.press('?');
    const frame = app.frame();
    const all = lines(frame);
    expect(all.length).toBeLessThanOrEqual(size.rows - 1);
    for (const line of all) expect(line.length).toBeLessThanOrEqual(size.columns);
    expect(all[0]).toBe('Keys');
    expect(all.filter((l) => l.trim() !== '').at(-1)).toBe('Esc close');
    expect(frame).not.toContain('more lines');
    // The legend's longest text, whole across its wrapped lines (it was cut at 100 columns).
    const text = frame.replace(/\s+/g, ' ');
    expect(text).toContain('bright: its -dev sibling confirmed');
    expect(text).toContain('(…: checking the registry; ?: registry not reached)');
    for (const help of ['toggle all namespaces', 'fuzzy filter by name', 'first row', 'quit']) expect(text).toContain(help);
    await app.press(KEYS.esc);
    expect(app.frame()).toContain('POD');
  });

  it('from the container picker shows its keys', async () => {
    const app = renderApp({ size: { columns: 60, rows: 24 } });
    await app.settle();
    app.list([
      makePod({
        name: 'two',
        namespace: 'shop',
        containers: [
          { name: 'app', image: 'cgr.dev/chainguard/go:1.22' },
          { name: 'sidecar', image: 'nginx:1.25' },
        ],
      }),
    ]);
    await app.settle();
    await app.press(KEYS.enter, '?');
    const frame = app.frame();
    expect(frame).toMatch(/^ {2}Esc\s+back to the pod list$/m);
    expect(frame).not.toContain('Columns');
  });
});
