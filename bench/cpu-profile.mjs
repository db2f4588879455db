// Where a Node command's time goes, from V8's CPU profiler (`node --cpu-prof`): each sample's function put in
// one of a few kinds (waiting, compiling, Node's module loader, TLS and HTTP, the bundle's own code, ...),
// and the kinds' mean milliseconds over the runs. The profile starts after Node's bootstrap and ends before
// its exit, so the kinds add up to a little less than the wall time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';

/** Node's native file calls, as the profiler names them. */
const FILE_CALLS = new Set(['open', 'openFileHandle', 'close', 'fstat', 'read', 'readFileUtf8', 'writeString', 'writeBuffer', 'lstat', 'stat', 'mkdir', 'rename']);

/** The kind of a profile sample, from its call frame; the first rule that matches wins. */
const KINDS = [
  ['waiting (the network: the first reads, the exec)', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ["compiling the bundle's modules", (f) => f.functionName === 'compileSourceTextModule'],
  ["compiling Node's built-in modules", (f) => f.functionName === 'compileForInternalLoader'],
  ["running the bundle's code (cg-debug and the packages in it)", (f) => /\/dist\//.test(f.url)],
  ["Node's module loader (resolve, link, evaluate)", (f) => /^node:internal\/modules\//.test(f.url) || f.functionName === 'internalModuleStat'],
  ['reading and writing files (the modules themselves, the kubeconfig, caches)', (f) => /^node:(fs|internal\/fs\/)/.test(f.url) || (f.url === '' && FILE_CALLS.has(f.functionName))],
  ["Node's TLS, HTTP, sockets and streams", (f) => /^node:(_tls|_http|tls|https?|net|internal\/(tls|streams|net|http)|internal\/stream_base)/.test(f.url)],
  ['native code outside JavaScript (V8 and Node: "(program)")', (f) => f.functionName === '(program)'],
  ["the rest of Node's internals and native calls", () => true],
];

export const PROFILE_KINDS = KINDS.map(([name]) => name);

/** Mean milliseconds per kind over the profiles in dir, and the mean profiled span. */
export function summarizeProfiles(dir) {
  const totals = new Map(PROFILE_KINDS.map((k) => [k, 0]));
  let span = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    span += profile.endTime - profile.startTime;
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    profile.samples.forEach((id, i) => {
      const frame = frames.get(id);
      const [kind] = KINDS.find(([, matches]) => matches(frame));
      totals.set(kind, totals.get(kind) + (profile.timeDeltas[i] ?? 0));
    });
  }
  const ms = (us) => us / files.length / 1000;
  return { runs: files.length, spanMs: ms(span), kinds: [...totals].map(([kind, us]) => ({ kind, ms: ms(us) })) };
}

/**
 * Runs `node ...args` `runs` times with the CPU profiler on (every 100 us), `gapSeconds` apart; resolves the
 * summary. argv[0] must be a Node binary.
 */
export function profileRuns(argv, env, runs, gapSeconds) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-profile-'));
  try {
    for (let i = 0; i < runs; i++) {
      if (gapSeconds > 0) spawnSync('sleep', [String(gapSeconds)]);
      const r = spawnSync(argv[0], ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, ...argv.slice(1)], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${argv.join(' ')} under --cpu-prof exited ${r.status}: ${r.stderr}`);
    }
    return summarizeProfiles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
