import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { makePod } from './support/pods.js';
import { KEYS, renderApp } from './support/harness.js';

afterEach(() => cleanup());

const pods = [
  makePod({ name: 'web', namespace: 'shop', image: 'cgr.dev/chainguard/nginx:1.25', created: '2024-01-01T00:55:00Z' }),
  makePod({ name: 'api', namespace: 'shop', image: 'nginx:1.25' }),
  makePod({ name: 'worker', namespace: 'shop', image: 'cgr.dev/chainguard/python:3.12-dev' }),
];

describe('pod list screen', () => {
  it('shows loading, then the pods with distroless ones first', async () => {
    const app = renderApp();
    await app.settle();
    expect(app.frame()).toContain('Loading pods…');
    expect(app.watches[0]?.namespace).toBe('shop');
    app.list(pods);
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('namespace shop  3 pods, 1 distroless');
    const lines = frame.split('\n');
    const header = lines.findIndex((l) => l.includes('POD'));
    expect(lines[header]).toMatch(/POD\s+READY\s+CTRS\s+IMAGE\s+DL\s+DEV IMAGE\s+AGE/);
    expect(lines[header + 1]).toMatch(/^> web\s+1\/1\s+1\s+chainguard\/nginx:1\.25\s+\*\s+chainguard\/nginx:1\.25-dev…\s+5m\s+node-1/);
    expect(lines[header + 2]).toMatch(/^ {2}api\s.*nginx:1\.25\s+(chainguard\/)?wolfi-base:latest…/);
    expect(lines[header + 3]).toMatch(/^ {2}worker\s/);
  });

  it('moves with j/k and arrows and draws the hint bar from the keymap', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    expect(app.frame()).toContain('↑↓/jk move  Enter debug  / filter  Tab all ns  n namespace  d distroless  ? help  q quit');
    await app.press('j');
    expect(app.frame()).toMatch(/^> api/m);
    await app.press(KEYS.down);
    expect(app.frame()).toMatch(/^> worker/m);
    await app.press('k', 'g');
    expect(app.frame()).toMatch(/^> web/m);
    await app.press('G');
    expect(app.frame()).toMatch(/^> worker/m);
  });

  it('fuzzy filters as you type, highlights nothing harmful, and Esc clears', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    await app.press('/', 'w', 'k');
    let frame = app.frame();
    expect(frame).toContain('/wk');
    expect(frame).toContain('1/3 pods');
    expect(frame).toMatch(/^> worker/m);
    expect(frame).not.toMatch(/^ {2}web/m);
    expect(frame).toContain('Esc clear');
    await app.press(KEYS.backspace, KEYS.backspace, 'q');
    expect(app.frame()).toContain('No pod matches "q".');
    expect(app.outcomes).toEqual([]);
    await app.press(KEYS.esc);
    frame = app.frame();
    expect(frame).toContain('3 pods');
    expect(frame).not.toContain('/q');
  });

  it('keys typed faster than a redraw land in the filter (`/` then a pasted name)', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    app.stdin.write('/');
    app.stdin.write('wk');
    await app.settle();
    expect(app.frame()).toContain('/wk');
    expect(app.frame()).toMatch(/^> worker/m);
  });

  it('a run of keys read at once (a paste, or typing faster than the terminal is read) is each key in turn', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    app.stdin.write('jj');
    await app.settle();
    expect(app.frame()).toMatch(/^> worker/m);
    app.stdin.write('/wk');
    await app.settle();
    expect(app.frame()).toContain('/wk');
    expect(app.frame()).toMatch(/^> worker/m);
  });

  it('keeps the cursor on the same pod while pods come and go, without a keypress', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    await app.press('j');
    expect(app.frame()).toMatch(/^> api/m);
    app.emit({ type: 'upsert', pod: makePod({ name: 'aaa', namespace: 'shop', image: 'nginx' }) });
    app.emit({ type: 'upsert', pod: makePod({ name: 'new-distroless', namespace: 'shop', image: 'cgr.dev/chainguard/go' }) });
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('5 pods, 2 distroless');
    expect(frame).toMatch(/^> api/m);
    expect(frame).toMatch(/^ {2}new-distroless/m);
    app.emit({ type: 'delete', pod: makePod({ name: 'api', namespace: 'shop' }) });
    await app.settle();
    expect(app.frame()).toMatch(/^> worker/m);
  });

  it('keeps the selected pod through a relist whose first page does not hold it', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    await app.press('j');
    expect(app.frame()).toMatch(/^> api/m);
    // A relist (410 Gone) in pages: the first replaces the list, the pod comes back with the second.
    app.emit({ type: 'reset', pods: [pods[0], pods[2]].filter((p) => p !== undefined), more: true });
    await app.settle();
    app.emit({ type: 'page', pods: [pods[1]].filter((p) => p !== undefined) });
    await app.settle();
    expect(app.frame()).toContain('3 pods, 1 distroless');
    expect(app.frame()).toMatch(/^> api/m);
  });

  it('keeps the columns aligned whatever characters an image from the cluster holds (wide, zero-width, combining)', async () => {
    // Columns a terminal gives a character: CJK ideographs two, zero-width and combining marks none.
    const columns = (text: string): number =>
      [...text].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uff60]/u.test(c) ? 2 : /[\p{Cf}\p{M}]/u.test(c) ? 0 : 1), 0);
    const app = renderApp();
    await app.settle();
    // A running pod's image can be patched to any string; the list shows what does not parse as it is.
    app.list([
      makePod({ name: 'plain', namespace: 'shop', image: 'nginx:1.25' }),
      makePod({ name: 'wide', namespace: 'shop', image: '日本語日本語:1' }),
      makePod({ name: 'zero', namespace: 'shop', image: 'ngi\u200b\u200b\u200b\u200bnx:1.25' }),
      makePod({ name: 'mark', namespace: 'shop', image: 'nginx\u0301\u0301\u0301:1.25' }),
    ]);
    await app.settle();
    const rows = app.frame().split('\n').filter((l) => / node-1/.test(l));
    expect(rows).toHaveLength(4);
    const ages = rows.map((l) => columns(l.slice(0, l.indexOf(' 60m '))));
    expect(new Set(ages).size, rows.join('\n')).toBe(1);
  });

  it('lists the well-formed pods when the cluster sends a malformed one, in a list or a watch event', async () => {
    const app = renderApp();
    await app.settle();
    const good = makePod({ name: 'good', namespace: 'shop', image: 'nginx:1.25' });
    // Untyped JSON from the cluster: a name that is no string, a container that is no object.
    const badName = { ...makePod({ name: 'x', namespace: 'shop', uid: 'u-bad-name' }), metadata: { name: 5, namespace: 'shop', uid: 'u-bad-name' } };
    const badContainer = makePod({ name: 'bad-container', namespace: 'shop', uid: 'u-bad-container' });
    badContainer.spec = { ...badContainer.spec, containers: [null] } as unknown as typeof badContainer.spec;
    app.emit({ type: 'reset', pods: [good, badName as unknown as typeof good] });
    await app.settle();
    expect(app.frame()).toMatch(/^> good/m);
    app.emit({ type: 'upsert', pod: badContainer });
    app.emit({ type: 'upsert', pod: makePod({ name: 'later', namespace: 'shop', image: 'nginx:1.25' }) });
    await app.settle();
    expect(app.frame()).toMatch(/^ {2}later/m);
    expect(app.frame()).not.toContain('bad-container');
  });

  it('d shows distroless pods only', async () => {
    const app = renderApp();
    await app.settle();
    app.list(pods);
    await app.settle();
    await app.press('d');
    const frame = app.frame();
    expect(frame).toContain('[distroless only]');
    expect(frame).toContain('1/3 pods');
    expect(frame).not.toContain('worker');
  });

  it('shows a watch failure while retrying', async () => {
    const app = renderApp();
    await app.settle();
    app.emit({ type: 'error', error: new Error('cannot list pods in namespace shop'), retryInMs: 500 });
    await app.settle();
    expect(app.frame()).toContain('! cannot list pods in namespace shop (retrying)');
  });

  // N6: a watch ERROR Status without a code quotes the server's message in the status line.
  it('never prints escape sequences from a watch failure', async () => {
    const app = renderApp();
    await app.settle();
    app.emit({ type: 'error', error: new Error('cannot reach the API server (watch broke \u001b]0;pwned\u0007\u001b[2J)'), retryInMs: 500 });
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('! cannot reach the API server (watch broke ) (retrying)');
    expect(frame).not.toContain('\u001b');
  });

  it('never prints escape sequences from pod names', async () => {
    const app = renderApp();
    await app.settle();
    app.list([makePod({ name: 'evil\u001b]0;pwned\u0007\u001b[2Jpod', namespace: 'shop' })]);
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('evilpod');
    expect(frame).not.toContain('pwned');
    expect(frame).not.toContain('\u001b');
  });

  it('q quits with 0 and Ctrl-C with 130', async () => {
    const quit = renderApp();
    await quit.settle();
    await quit.press('q');
    expect(quit.outcomes).toEqual([{ kind: 'quit', exitCode: 0 }]);
    const interrupted = renderApp();
    await interrupted.settle();
    await interrupted.press(KEYS.ctrlC);
    expect(interrupted.outcomes).toEqual([{ kind: 'quit', exitCode: 130 }]);
  });

  it('? shows every key of the list and the column legend', async () => {
    const app = renderApp();
    await app.settle();
    await app.press('?');
    const frame = app.frame();
    expect(frame).toContain('Tab');
    expect(frame).toContain('toggle all namespaces');
    expect(frame).toContain('DL *');
    await app.press(KEYS.esc);
    expect(app.frame()).toContain('POD');
  });
});
