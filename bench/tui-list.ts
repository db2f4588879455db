// How the pod picker copes with tens of thousands of running pods on the real API server, in all
// namespaces (-A), as on a large cluster.
//
//   npm run bench:tui -- [PODS]      (default 20000)
//   npm run bench:tui -- --offline [PODS]   the same pods without a cluster (tui-bench-synthetic.ts):
//                                    no network, for profiling the picker itself
//   BENCH_TUI_BASELINE=OTHER/tui-list.js npm run bench:tui   another build measured on the same pods, in turn
//   BENCH_TUI_PACE_MS=N (60)         the least time between keys in the paced pass (a second pass types back to back)
//   BENCH_TUI_PROFILE=FILE           a CPU profile of the cursor moves and keystrokes
//
// KUBECONFIG (default /var/lib/cg-debug-cluster/kubeconfig) must be an admin of a disposable cluster:
// the bench spreads PODS Running pods over 200 namespaces cg-bench-000..199, measures in a fresh child
// process (so memory is the picker's, not the fixture loader's), and deletes the namespaces again. The
// terminal is BENCH_COLUMNS x BENCH_ROWS (default 120x40). Every figure comes with a baseline measured in
// the same run; the last line, `bench-tui-figures {...}`, carries them for bench/run.mjs.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { get } from 'node:https';
import { get as httpGet, type RequestOptions } from 'node:http';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { render } from 'ink';
import { createElement } from 'react';
import { connect, type Kube } from '../src/kube/client.js';
import { kubePodListSource, watchPods, type PodListSource } from '../src/kube/watch-running-pods.js';
import { App, type TuiDeps } from '../src/tui/App.js';
import { benchPodName, createBenchPods, createRunningPod, deleteBenchNamespaces, LIVE_NAMESPACE } from './tui-bench-cluster.js';
import { DEFAULT_IMAGE_MAPPING } from '../src/core/dev-image.js';
import { syntheticPodSource, type SyntheticSource } from './tui-bench-synthetic.js';

const PODS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const NAMESPACES = 200;
const KUBECONFIG = process.env.KUBECONFIG ?? '/var/lib/cg-debug-cluster/kubeconfig';
const LIVE_PODS = 100;
const REGISTRY_MS = 20;
// What is typed into the filter: the first letters match every pod, the last few one.
const FILTER = 'svc-pay00042';
// A fast typist's pace, 1,000 keys a minute: the least time from one key to the next in the paced pass.
const PACE_MS = Number(process.env.BENCH_TUI_PACE_MS ?? 60);
// The goals: the list on screen within 2 s of the API's reply, every filter keystroke within 50 ms, and
// at most 250 MiB resident.
const BUDGET = { toScreenMs: 2000, keystrokeMs: 50, rssMiB: 250 };

/** A terminal that timestamps every write. */
class TimedTerminal extends EventEmitter {
  isTTY = true;
  columns = Number(process.env.BENCH_COLUMNS ?? 120);
  rows = Number(process.env.BENCH_ROWS ?? 40);
  writes: { at: number; text: string }[] = [];
  write = (text: string): boolean => {
    this.writes.push({ at: performance.now(), text });
    return true;
  };
  /** Resolves with the time of the first write since `since` that satisfies `match`. */
  async waitFor(match: (text: string) => boolean, since: number, timeoutMs = 60_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.writes.find((w) => w.at >= since && match(w.text));
      if (hit) return hit.at;
      if (performance.now() > deadline) throw new Error('timed out waiting for a frame');
      await new Promise((r) => setImmediate(r));
    }
  }
  /** The last whole frame (ink also writes short control sequences between frames). */
  get lastFrame(): string {
    return [...this.writes].reverse().find((w) => w.text.length > 200)?.text ?? '';
  }
}

class Keyboard extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setRawMode = () => this;
  setEncoding = () => this;
  ref = () => this;
  unref = () => this;
  resume = () => this;
  pause = () => this;
  read = () => this.queue.shift() ?? null;
  type(text: string): void {
    this.queue.push(text);
    this.emit('readable');
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** The pod count of a frame's status line ("20000 pods"), if it shows one. */
function podCount(text: string): number | undefined {
  const m = /\b(\d+) pods\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The list reply as bytes, straight off the socket: the baseline for everything after the reply. */
async function rawList(kube: Kube): Promise<{ ms: number; body: string }> {
  const url = new URL(`${kube.server}/api/v1/pods?fieldSelector=status.phase%3DRunning`);
  const options: RequestOptions = {};
  await kube.kc.applyToHTTPSOptions(options);
  const started = performance.now();
  const body = await new Promise<string>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? get : httpGet)(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    request.on('error', reject);
  });
  return { ms: performance.now() - started, body };
}

function selectedPod(frame: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- the frame's SGR codes
  return /^> (\S+)/m.exec(frame.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''))?.[1];
}

/**
 * Cursor moves (the baseline: the same rows drawn again), then the filter typed key by key, each timed from
 * the keypress to the frame that shows it. `paceMs`: the least time from one key to the next. ink draws at
 * most one frame per 17 ms (maxFps 60) and holds a frame asked for sooner until then: keys typed back to
 * back (0) wait for it on every other key, keys typed at a typist's pace never do.
 */
interface KeyTime {
  key: string;
  ms: number;
  /** The process's CPU time over the same span (user + system; background compilation included). */
  cpuMs: number;
}

async function typeKeys(terminal: TimedTerminal, keyboard: Keyboard, paceMs: number): Promise<{ moves: number[]; keys: KeyTime[] }> {
  let last = -Infinity;
  const press = async (key: string): Promise<number> => {
    const wait = last + paceMs - performance.now();
    if (wait > 0) await delay(wait);
    last = performance.now();
    keyboard.type(key);
    return last;
  };
  const moves: number[] = [];
  for (let i = 0; i < 9; i++) {
    const at = await press('j');
    moves.push((await terminal.waitFor((t) => t.length > 200, at)) - at);
  }
  await press('g');
  await delay(100);
  const keys: KeyTime[] = [];
  const slash = await press('/');
  await terminal.waitFor((t) => /^\/$/m.test(t) || t.includes('\n/'), slash - 1);
  let typed = '';
  for (const key of FILTER.split('')) {
    typed += key;
    const cpu = process.cpuUsage();
    const at = await press(key);
    const ms = (await terminal.waitFor((t) => t.includes(`/${typed}`), at)) - at;
    const used = process.cpuUsage(cpu);
    keys.push({ key: typed, ms, cpuMs: (used.user + used.system) / 1000 });
  }
  const esc = await press('\u001b');
  await terminal.waitFor((t) => (podCount(t) ?? 0) >= PODS && !t.includes(`/${FILTER.slice(0, 3)}`), esc - 1);
  await delay(100);
  return { moves, keys };
}

/** The figures of one pass of typeKeys. */
function keyFigures(pass: { moves: number[]; keys: KeyTime[] }) {
  const times = pass.keys.map((k) => k.ms);
  const cpu = pass.keys.map((k) => k.cpuMs);
  return {
    moveMedianMs: median(pass.moves),
    filterFirstMs: times[0] ?? NaN,
    filterMedianMs: median(times),
    filterMaxMs: Math.max(...times),
    filterCpuMedianMs: median(cpu),
    filterCpuMaxMs: Math.max(...cpu),
  };
}

/** Starts a CPU profile; the function it returns stops it and writes it to `file`. */
async function startProfile(file: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (file === undefined) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function measure(kube: Kube | undefined, rssStart: number, offline: SyntheticSource | undefined): Promise<void> {
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;

  // The picker, on the real list+watch; the list's resolution marks "the API reply".
  const terminal = new TimedTerminal();
  const keyboard = new Keyboard();
  let source: PodListSource;
  if (offline) source = offline;
  else if (kube) source = kubePodListSource(kube);
  else throw new Error('neither a cluster nor --offline');
  let listStart = 0;
  let lastPageAt = 0;
  let pages = 0;
  const timed: PodListSource = {
    list: async (...args: Parameters<PodListSource['list']>) => {
      // The first page is asked for without a continue token.
      if (args[2] === undefined) listStart = performance.now();
      const list = await source.list(...args);
      lastPageAt = performance.now();
      pages++;
      return list;
    },
    watch: (...args) => source.watch(...args),
  };
  // The registry checks of the rows on screen, answered after REGISTRY_MS as a near registry would:
  // what they cost the picker is measured, not the network. Counted, to show they follow the screen.
  let checks = 0;
  let checksAborted = 0;
  const deps: TuiDeps = {
    checkDevImage: async (app, signal) => {
      checks++;
      try {
        await delay(REGISTRY_MS, undefined, { signal });
      } catch (error) {
        checksAborted++;
        throw error;
      }
      return { run: `${app.image.replace(/[:@].*$/, '')}:latest-dev`, verified: 'exists', rule: 'tag-dev', confidence: 'exact' };
    },
    watchPods: (namespace, signal, onEvent) => watchPods(timed, { namespace, signal, onEvent }),
    listNamespaces: async () => [],
    countShells: async () => null,
    plan: () => new Promise(() => undefined),
    start: () => new Promise(() => undefined),
    now: Date.now,
  };
  const requestAt = performance.now();
  const instance = render(
    createElement(App, {
      deps,
      namespace: 'default',
      allNamespaces: true,
      yes: false,
      mapping: DEFAULT_IMAGE_MAPPING,
      kubeContext: 'bench',
      color: true,
      onOutcome: () => undefined,
    }),
    {
      stdout: terminal as unknown as NodeJS.WriteStream,
      stdin: keyboard as unknown as NodeJS.ReadStream,
      stderr: terminal as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 60,
    },
  );
  const firstRowsAt = await terminal.waitFor((t) => /\b[1-9]\d* pods/.test(t), requestAt);
  // -A shows the cluster's other running pods too.
  const shownAt = await terminal.waitFor((t) => (podCount(t) ?? 0) >= PODS, requestAt);
  const shown = podCount(terminal.writes.find((w) => w.at === shownAt)?.text ?? '') ?? PODS;

  // The peak so far: the list's. No collection here: the first keys meet the list's garbage, as a user's do.
  const peakListRss = process.resourceUsage().maxRSS * 1024;

  // BENCH_TUI_PROFILE=FILE: a CPU profile of the cursor moves and keystrokes alone, for a profiler's view.
  const profile = await startProfile(process.env.BENCH_TUI_PROFILE);
  // Typed at a typist's pace first (what a user sees: cold, each key on its own frame), then back to back.
  const paced = await typeKeys(terminal, keyboard, PACE_MS);
  const backToBack = await typeKeys(terminal, keyboard, 0);
  await profile?.();
  // The cursor follows its pod while pods that sort before it are added.
  for (let i = 0; i < 10; i++) keyboard.type('j');
  await new Promise((r) => setTimeout(r, 200));
  const before = selectedPod(terminal.lastFrame);
  // The picker's own high-water mark (KiB): the list and the keys. On a cluster the pods below are created
  // with the bench's own generated Kubernetes client, which the bench process then loads too.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const liveAt = performance.now();
  // Named per process: a baseline build measured on the same pods adds its own.
  const live = (i: number) => `aaa-live-${process.pid}-${String(i).padStart(3, '0')}`;
  if (offline) for (let i = 0; i < LIVE_PODS; i++) offline.create(LIVE_NAMESPACE, live(i), i);
  else if (kube) await Promise.all(Array.from({ length: LIVE_PODS }, (_, i) => createRunningPod(kube, LIVE_NAMESPACE, live(i), 0)));
  const createdAt = performance.now();
  const liveShownAt = await terminal.waitFor((t) => (podCount(t) ?? 0) >= shown + LIVE_PODS, liveAt);
  await new Promise((r) => setTimeout(r, 100));
  const after = selectedPod(terminal.lastFrame);
  collectGarbage();
  const memory = process.memoryUsage();
  // The same, once the live pods are in (and, on a cluster, the bench's client that created them).
  const peakWithFixtures = process.resourceUsage().maxRSS * 1024;

  instance.unmount();

  // Baselines: the bare reply, JSON.parse of it, and the typed client's list (reply + deserialization).
  // Offline there is no reply: the JSON.parse of the whole list stands alone.
  const raws = kube ? [await rawList(kube), await rawList(kube), await rawList(kube)] : [{ ms: 0, body: offline?.body() ?? '' }];
  const rawMs = median(raws.map((r) => r.ms));
  const body = raws[0]?.body ?? '';
  const parseMs = median(
    [0, 1, 2].map(() => {
      const t = performance.now();
      JSON.parse(body);
      return performance.now() - t;
    }),
  );
  const typedLists: number[] = [];
  for (let i = 0; kube && i < 3; i++) {
    const t = performance.now();
    await kube.core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Running' });
    typedLists.push(performance.now() - t);
  }
  const typedMs = kube ? median(typedLists) : NaN;
  const p = keyFigures(paced);
  const b = keyFigures(backToBack);
  const allMs = shownAt - listStart;
  const toScreen = allMs - rawMs;
  const lines = [
    `pods listed                      ${shown} in all namespaces, ${PODS} of them in ${NAMESPACES} bench namespaces (${(body.length / 1024 / 1024).toFixed(1)} MB of JSON)`,
    `baseline: raw list reply         ${ms(rawMs)}`,
    `baseline: JSON.parse of it       ${ms(parseMs)}`,
    `baseline: typed client list      ${ms(typedMs)} (its deserializer: ${ms(Math.max(0, typedMs - rawMs))} over the raw reply; not used)`,
    `picker: first rows on screen     ${ms(firstRowsAt - listStart)} after the list request (${pages} pages; last page in at ${ms(lastPageAt - listStart)})`,
    `picker: all ${shown} on screen     ${ms(allMs)} after the list request`,
    `API reply -> list on screen      ${ms(toScreen)} beyond the raw reply (${(toScreen / parseMs).toFixed(1)}x its JSON.parse; budget ${BUDGET.toScreenMs} ms: ${toScreen < BUDGET.toScreenMs ? 'ok' : 'OVER'})`,
    `baseline: cursor move redrawn    median ${ms(p.moveMedianMs)} (the same rows drawn again, ${terminal.columns}x${terminal.rows}; keys ${PACE_MS} ms apart or more)`,
    `filter keystroke -> redrawn      first ${ms(p.filterFirstMs)}, median ${ms(p.filterMedianMs)}, max ${ms(p.filterMaxMs)} (median ${(p.filterMedianMs / p.moveMedianMs).toFixed(2)}x a cursor move; budget ${BUDGET.keystrokeMs} ms: ${p.filterMaxMs < BUDGET.keystrokeMs ? 'ok' : 'OVER'})`,
    `filter keystrokes (ms)           ${paced.keys.map((k) => `${k.key.slice(-1)}:${k.ms.toFixed(0)}`).join(' ')}`,
    `  CPU per keystroke              median ${ms(p.filterCpuMedianMs)}, max ${ms(p.filterCpuMaxMs)} (the process's, a load-independent view of the same work): ${paced.keys.map((k) => `${k.key.slice(-1)}:${k.cpuMs.toFixed(0)}`).join(' ')}`,
    `typed back to back, no pause     cursor move median ${ms(b.moveMedianMs)}; filter keystroke first ${ms(b.filterFirstMs)}, median ${ms(b.filterMedianMs)}, max ${ms(b.filterMaxMs)} (every other key waits for ink's next 17 ms frame)`,
    `  keystrokes (ms)                ${backToBack.keys.map((k) => `${k.key.slice(-1)}:${k.ms.toFixed(0)}`).join(' ')}`,
    `${LIVE_PODS} pods created -> on screen   ${ms(liveShownAt - createdAt)} after the last create returned (creates took ${ms(createdAt - liveAt)})`,
    `cursor while they arrived        ${before} -> ${after} (${before === after ? 'stayed' : 'MOVED'})`,
    `memory after the list            peak rss ${mb(peakListRss)}`,
    `memory after                     rss ${mb(memory.rss)} (at start ${mb(rssStart)}, before the picker ${mb(rssBefore)}), heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}, external ${mb(memory.external)}; peak ${mb(peakRss)} through the list and the keys (${mb(peakWithFixtures)} with the live pods created); budget ${BUDGET.rssMiB} MiB: ${peakRss < BUDGET.rssMiB * 1024 * 1024 ? 'ok' : 'OVER'}`,
    `registry checks                  ${checks} asked (${checksAborted} aborted as their rows left the screen), each answered after ${REGISTRY_MS} ms`,
  ];
  lines.push(`machine load (1 min)             ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs`);
  const figures = {
    pods: shown,
    rawMs,
    parseMs,
    toScreenMs: toScreen,
    ...p,
    backToBack: b,
    peakRssMiB: peakRss / 1024 / 1024,
    peakWithFixturesRssMiB: peakWithFixtures / 1024 / 1024,
    listPeakRssMiB: peakListRss / 1024 / 1024,
    heapAfterMiB: memory.heapUsed / 1024 / 1024,
  };
  lines.push(`bench-tui-figures ${JSON.stringify(figures)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const rssAtStart = process.memoryUsage().rss;

/**
 * Measures in fresh processes, as cg-debug would be, so memory is the picker's alone. With
 * BENCH_TUI_BASELINE (another build's compiled tui-list.js, an earlier commit's say) both builds measure
 * the same pods in turn, BENCH_TUI_ROUNDS times (default 1 without a baseline, 2 with one).
 */
function measureChildren(extra: string[]): void {
  const baseline = process.env.BENCH_TUI_BASELINE;
  const builds = [{ name: 'this build', script: fileURLToPath(import.meta.url) }, ...(baseline ? [{ name: `baseline ${baseline}`, script: baseline }] : [])];
  const rounds = Number(process.env.BENCH_TUI_ROUNDS ?? (baseline ? 2 : 1));
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 ? [...builds].reverse() : builds) {
      if (baseline) process.stdout.write(`\n== ${build.name}, round ${round + 1}\n`);
      const child = spawnSync(process.execPath, [...process.execArgv, build.script, '--measure', ...extra, String(PODS)], {
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (child.status !== 0) process.exitCode = 1;
    }
  }
}

async function main(): Promise<void> {
  const offline = process.argv.includes('--offline');
  if (process.argv.includes('--measure')) {
    if (offline) await measure(undefined, rssAtStart, syntheticPodSource(PODS, NAMESPACES));
    else await measure(connect({ kubeconfig: KUBECONFIG }), rssAtStart, undefined);
    return;
  }
  if (offline) {
    measureChildren(['--offline']);
    return;
  }
  const kube = connect({ kubeconfig: KUBECONFIG });
  const started = performance.now();
  process.stderr.write(`creating ${PODS} running pods in ${NAMESPACES} namespaces...\n`);
  await createBenchPods(kube, PODS, NAMESPACES, (done) => process.stderr.write(`  ${done}\n`));
  process.stderr.write(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s (first: ${benchPodName(0)})\n`);
  try {
    measureChildren([]);
  } finally {
    process.stderr.write('deleting the bench namespaces...\n');
    await deleteBenchNamespaces(kube);
  }
}

await main();
// The watch keeps a socket open; the bench is done.
process.exit(process.exitCode ?? 0);
