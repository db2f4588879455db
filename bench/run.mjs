// `npm run bench`: how fast cg-debug starts, how fast and in how much memory it gets to a running, attached
// debug container, and how the pod picker copes with 20,000 pods, each measured side by side with its
// baseline in one run (interleaved, medians), plus what an install weighs; it ends with the goals' table.
// The session figures compare a command in a running holder with `kubectl exec`, and a new debug container
// with `kubectl debug`, both with runs a few seconds apart (settled) and, for a new container, back to back.
// Figures only, never assertions. The session and picker parts need the local cluster (test/cluster); they
// make their own namespaces and pods (every ephemeral container stays in a pod forever) and delete them.
// The holder command also gets a CPU profile by kind (bench/cpu-profile.mjs): what its phases do not split.
//   node bench/run.mjs [--runs N] [--session-runs N] [--no-session] [--tui-pods N] [--no-tui]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { APP_IMAGE, CLUSTER, KUBECONFIG, KUBECTL, ROOT } from './cluster-paths.mjs';
import { profileRuns } from './cpu-profile.mjs';
import { SEA_NODE_VERSION } from '../scripts/node-binary.mjs';

const console = { log: (line) => process.stdout.write(`${line}\n`) };

const BUNDLE = path.join(ROOT, 'dist/cg-debug.mjs');
const SEA = path.join(ROOT, 'dist/cg-debug');
const SEA_NODE = path.join(ROOT, `.cache/node/node-linux-${process.arch}-${SEA_NODE_VERSION}/node`);
// GNU time reports a child's peak resident set (%M, KiB); Node cannot see another process's.
const GNU_TIME = '/usr/bin/time';
const NAMESPACE = 'cg-bench-session';
const POD = 'bench';
const DEV_IMAGE = '127.0.0.1:5000/chainguard/app:1.2.3-dev';
/** What package.json depended on at run time before the bundle: what a non-bundled install brings. */
const RUNTIME_PACKAGES = ['@kubernetes/client-node', 'execa', 'ink', 'react'];

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    'session-runs': { type: 'string', default: '7' },
    'no-session': { type: 'boolean' },
    'tui-pods': { type: 'string', default: '20000' },
    'no-tui': { type: 'boolean' },
  },
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x) => `${Math.round(x)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/** Runs argv once; resolves wall milliseconds (spawn to exit), stderr and status. */
function timed(argv, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  return { wall, stderr: result.stderr, status: result.status };
}

/** Runs argv once under GNU time; resolves its peak resident memory in MiB (NaN without GNU time). */
function peakRss(argv, env = {}) {
  if (!existsSync(GNU_TIME)) return NaN;
  const r = timed([GNU_TIME, '-f', 'bench-peak-rss %M', ...argv], env);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(/^bench-peak-rss (\d+)$/m.exec(r.stderr)?.[1] ?? NaN) / 1024;
}

/** The goals' table, filled in as the parts run: figure, measured, baseline, ratio, goal. */
const goals = [];
const mib = (x) => `${Math.round(x)} MiB`;

/** Each case once per round, in turn, so drifting machine load hits all of them alike. */
function interleaved(cases, rounds) {
  const walls = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      const r = timed(c.argv, c.env);
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      walls[c.name].push(r.wall);
    }
  }
  return Object.fromEntries(Object.entries(walls).map(([k, v]) => [k, median(v)]));
}

function machine() {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} CPUs, Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at start`;
}

function startup(rounds) {
  const node = process.execPath;
  const cases = [
    { name: 'node -e 0', argv: [node, '-e', '0'] },
    { name: 'cg-debug --version', argv: [node, BUNDLE, '--version'] },
    { name: 'cg-debug --help', argv: [node, BUNDLE, '--help'] },
    { name: 'cg-debug dev-image --offline', argv: [node, BUNDLE, 'dev-image', '--offline', 'cgr.dev/chainguard/nginx:1.27'] },
  ];
  const sea = existsSync(SEA);
  if (sea) {
    // The executable embeds another Node than the one running the bench: its own -e 0 is a baseline too.
    if (existsSync(SEA_NODE)) cases.push({ name: `node ${SEA_NODE_VERSION} -e 0 (the executable's Node)`, argv: [SEA_NODE, '-e', '0'] });
    cases.push({ name: 'single executable --version', argv: [SEA, '--version'] }, { name: 'single executable --help', argv: [SEA, '--help'] });
    // Its first run writes its code to the cache; the figures are for every run after that.
    timed([SEA, '--version']);
  }
  const med = interleaved(cases, rounds);
  console.log(`\n## Startup (median of ${rounds}, interleaved)\n`);
  console.log('| command | median | vs node -e 0 |\n| --- | ---: | ---: |');
  for (const c of cases) console.log(`| \`${c.name}\` | ${ms(med[c.name])} | ${ratio(med[c.name], med['node -e 0'])} |`);
  const base = med['node -e 0'];
  goals.push(
    ['`cg-debug --version` / `node -e 0`', ms(med['cg-debug --version']), ms(base), ratio(med['cg-debug --version'], base), '1.3x'],
    ['`cg-debug --help` / `node -e 0`', ms(med['cg-debug --help']), ms(base), ratio(med['cg-debug --help'], base), '1.3x'],
  );
  if (sea) {
    const own = med[`node ${SEA_NODE_VERSION} -e 0 (the executable's Node)`];
    const v = med['single executable --version'];
    goals.push(['single executable `--version` / `node -e 0`', ms(v), ms(base), `${ratio(v, base)}${own ? ` (${ratio(v, own)} its own Node's)` : ''}`, '2.0x']);
  }
}

function kubectl(args, input) {
  return execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Deletes the bench pod, ServiceAccount and namespace. No controller-manager runs on the test cluster, so
 * nothing would empty the namespace and clear its finalizer: both happen here, then we wait until it is gone.
 */
function deleteNamespace() {
  const exists = () => spawnSync(KUBECTL, ['--kubeconfig', KUBECONFIG, 'get', 'namespace', NAMESPACE], { stdio: 'ignore' }).status === 0;
  if (!exists()) return;
  kubectl(['delete', 'pods', '--all', '-n', NAMESPACE, '--grace-period=0', '--force', '--wait=false']);
  kubectl(['delete', 'serviceaccount', 'default', '-n', NAMESPACE, '--ignore-not-found', '--wait=false']);
  kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  const ns = JSON.parse(kubectl(['get', 'namespace', NAMESPACE, '-o', 'json']));
  kubectl(['replace', '--raw', `/api/v1/namespaces/${NAMESPACE}/finalize`, '-f', '-'], JSON.stringify({ ...ns, spec: { finalizers: [] } }));
  for (let i = 0; i < 120 && exists(); i++) spawnSync('sleep', ['0.5']);
  if (exists()) throw new Error(`namespace ${NAMESPACE} is still there; delete it by hand`);
}

function createPod() {
  deleteNamespace();
  kubectl(['apply', '-f', '-'], `
apiVersion: v1
kind: Namespace
metadata: {name: ${NAMESPACE}, labels: {pod-security.kubernetes.io/enforce: privileged}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ${NAMESPACE}}
---
apiVersion: v1
kind: Pod
metadata: {name: ${POD}, namespace: ${NAMESPACE}}
spec:
  nodeName: 127.0.0.1
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  containers: [{name: app, image: "${APP_IMAGE}"}]
`);
  kubectl(['wait', '-n', NAMESPACE, `pod/${POD}`, '--for=condition=Ready', '--timeout=120s']);
}

/** Phase marks from CG_DEBUG_TIMINGS=1: ms since the process started, keyed "phase status". */
function marks(stderr) {
  const out = {};
  for (const m of stderr.matchAll(/^cg-debug-timing (\d+) (\S+) (\S+)$/gm)) out[`${m[2]} ${m[3]}`] ??= Number(m[1]);
  return out;
}

/** The running holder `cg-debug POD` reuses: the name its own step line says, for `kubectl exec -c`. */
function reusedHolder(argv, env) {
  const r = timed(argv.filter((a) => a !== '-q'), env);
  const name = /reusing (?:running )?debug container (cg-debug-[a-z0-9]+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || !name) throw new Error(`cg-debug did not reuse a holder (exit ${r.status}): ${r.stderr}`);
  return name;
}

const sleep = (seconds) => spawnSync('sleep', [String(seconds)]);

/**
 * Runs each case once per round, in turn, `gapSeconds` after the one before (0: back to back); resolves each
 * case's wall times and, for cases that ask for them, the CG_DEBUG_TIMINGS phase marks of each run.
 */
function sessionRounds(cases, rounds, gapSeconds, env) {
  const walls = Object.fromEntries(cases.map((c) => [c.name, []]));
  const phases = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      // Up to a second more at random: a fixed cadence would keep one tool's phase against the kubelet's 1 s relist.
      if (gapSeconds > 0) sleep((gapSeconds + Math.random()).toFixed(3));
      const r = timed(c.argv, env);
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      walls[c.name].push(r.wall);
      phases[c.name].push({ ...marks(r.stderr), end: r.wall });
    }
  }
  return { median: Object.fromEntries(Object.entries(walls).map(([k, v]) => [k, median(v)])), phases };
}

/** Phase durations per run, then medians; a missing mark (a step renamed or not taken) fails loudly. */
function phaseTable(title, rows, phases) {
  console.log(`\n### ${title} (median of ${phases.length})\n`);
  console.log('| phase | median |\n| --- | ---: |');
  for (const [name, f] of rows) {
    const value = median(phases.map(f));
    if (!Number.isFinite(value)) throw new Error(`phase "${name}": a timing mark it spans is missing; marks seen: ${Object.keys(phases[0] ?? {}).join(', ')}`);
    console.log(`| ${name} | ${ms(value)} |`);
  }
}

/** Runs of one tool in a row, back to back. */
const BACK_TO_BACK_BLOCK = 4;

/** Seconds between runs (3 to 4) for the settled figures: the kubelet and the API server are idle again by then. */
const SETTLE_SECONDS = 3;

function session(rounds) {
  const env = { KUBECONFIG, CG_DEBUG_DEFAULT_IMAGE: '127.0.0.1:5000/chainguard/wolfi-base:latest', CG_DEBUG_TIMINGS: '1' };
  // The same image, target and profile as the kubectl debug command below.
  const cg = (bin, ...extra) => [...bin, '-n', NAMESPACE, POD, '--profile', 'restricted', ...extra, '-q', '--', 'true'];
  const bundle = [process.execPath, BUNDLE];
  const sea = existsSync(SEA);
  const kubectlDebug = [KUBECTL, '--kubeconfig', KUBECONFIG, 'debug', '-n', NAMESPACE, POD, `--image=${DEV_IMAGE}`, '--target=app', '--profile=restricted', '--attach', '--', 'true'];
  const cases = {
    kubectlDebug: { name: 'kubectl debug', argv: kubectlDebug },
    cgNew: { name: 'cg-debug --new', argv: cg(bundle, '--new') },
    cgReuse: { name: 'cg-debug, running holder', argv: cg(bundle) },
    seaReuse: { name: 'single executable, running holder', argv: cg([SEA]) },
  };
  createPod();
  try {
    // Warm-up: the -dev image onto the node, TLS and disk caches, the executable's code and answer caches; a holder to reuse.
    for (const argv of [kubectlDebug, cases.cgNew.argv, cases.cgReuse.argv, ...(sea ? [cases.seaReuse.argv] : [])]) {
      const r = timed(argv, env);
      if (r.status !== 0) throw new Error(`warm-up ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    const holder = reusedHolder(cases.cgReuse.argv, env);
    cases.kubectlExec = { name: 'kubectl exec', argv: [KUBECTL, '--kubeconfig', KUBECONFIG, 'exec', '-n', NAMESPACE, POD, '-c', holder, '--', 'true'] };
    timed(cases.kubectlExec.argv, env);

    const settled = sessionRounds(
      [cases.kubectlDebug, cases.cgNew, cases.kubectlExec, cases.cgReuse, ...(sea ? [cases.seaReuse] : [])],
      rounds,
      SETTLE_SECONDS,
      env,
    );
    // Back to back: kubectl debug BLOCK times in a row, then cg-debug, with no pause. The kubelet starts a
    // new container after the sync its pod worker has in flight and its next relist, so a run waits one
    // relist or two by what the runs before left it doing (docs/back-to-back.md): a median of such a
    // mix swings between the two, a mean does not. The first of a block follows the other tool.
    const block = (c, label) => Array.from({ length: BACK_TO_BACK_BLOCK }, (_, i) => ({ ...c, name: `${label}, ${i === 0 ? 'after the other tool' : 'after itself'}` }));
    const blocks = [...block(cases.kubectlDebug, 'kubectl debug'), ...block(cases.cgNew, 'cg-debug --new')];
    const backToBack = sessionRounds(blocks, rounds, 0, env);
    // Peak memory, interleaved too: a fresh container each time for --new, as above.
    // Also with an empty answer cache, as a first run against a pod goes: the registry is asked then.
    const rss = { kubectl: [], cgNew: [], cgNewCold: [] };
    for (let i = 0; i < Math.min(rounds, 5); i++) {
      rss.kubectl.push(peakRss(kubectlDebug, env));
      rss.cgNew.push(peakRss(cases.cgNew.argv, env));
      const cold = mkdtempSync(path.join(tmpdir(), 'cg-bench-cache-'));
      try {
        rss.cgNewCold.push(peakRss(cases.cgNew.argv, { ...env, XDG_CACHE_HOME: cold }));
      } finally {
        rmSync(cold, { recursive: true, force: true });
      }
    }
    const s = settled.median;
    const b = backToBack.median;
    const k = s[cases.kubectlDebug.name];
    const n = s[cases.cgNew.name];
    const x = s[cases.kubectlExec.name];
    const u = s[cases.cgReuse.name];
    const e = sea ? s[cases.seaReuse.name] : NaN;
    const rk = median(rss.kubectl);
    const rn = median(rss.cgNew);
    const rc = median(rss.cgNewCold);
    console.log(`\n## Peak resident memory, to a running debug container (median of ${rss.cgNew.length}, GNU time)\n`);
    console.log('| command | peak RSS | vs kubectl debug |\n| --- | ---: | ---: |');
    console.log(`| \`kubectl debug ... --attach -- true\` | ${mib(rk)} | 1.00x |`);
    console.log(`| \`cg-debug POD --new -- true\` | ${mib(rn)} | ${ratio(rn, rk)} |`);
    console.log(`| the same, answer cache empty (the registry asked) | ${mib(rc)} | ${ratio(rc, rk)} |`);
    console.log(`\n## A command in a running holder, and a new debug container (median of ${rounds}, interleaved, ${SETTLE_SECONDS} s apart)\n`);
    console.log('| command | median | baseline | ratio |\n| --- | ---: | ---: | ---: |');
    console.log(`| \`kubectl exec POD -c HOLDER -- true\` | ${ms(x)} | | 1.00x |`);
    console.log(`| \`cg-debug POD --profile restricted -- true\` (execs into the running holder) | ${ms(u)} | ${ms(x)} (kubectl exec) | ${ratio(u, x)} |`);
    if (sea) console.log(`| the same, single executable | ${ms(e)} | ${ms(x)} (kubectl exec) | ${ratio(e, x)} |`);
    console.log(`| \`kubectl debug POD --image=${DEV_IMAGE} --target=app --profile=restricted --attach -- true\` | ${ms(k)} | | 1.00x |`);
    console.log(`| \`cg-debug POD --profile restricted --new -- true\` (adds a holder, execs as soon as it runs) | ${ms(n)} | ${ms(k)} (kubectl debug) | ${ratio(n, k)} |`);
    const walls = (name) => backToBack.phases[name].map((p) => p.end);
    const [bkOther, bkSame, bnOther, bnSame] = [blocks[0], blocks[1], blocks[BACK_TO_BACK_BLOCK], blocks[BACK_TO_BACK_BLOCK + 1]].map((c) => mean(walls(c.name)));
    console.log(`\n## A new debug container, back to back (${rounds} rounds: kubectl debug ${BACK_TO_BACK_BLOCK} times in a row, then cg-debug, no pause)\n`);
    console.log('| command | after itself, mean | median | after the other tool, mean |\n| --- | ---: | ---: | ---: |');
    console.log(`| \`kubectl debug ... --attach -- true\` | ${ms(bkSame)} | ${ms(b[blocks[1].name])} | ${ms(bkOther)} |`);
    console.log(`| \`cg-debug POD --new -- true\` | ${ms(bnSame)} | ${ms(b[blocks[BACK_TO_BACK_BLOCK + 1].name])} | ${ms(bnOther)} |`);
    console.log(`| ratio | ${ratio(bnSame, bkSame)} | | ${ratio(bnOther, bkOther)} |`);
    goals.push(
      ['command in a running holder, `cg-debug POD -- true` / `kubectl exec`', ms(u), ms(x), ratio(u, x), '1.5x'],
      ...(sea ? [['the same, single executable', ms(e), ms(x), ratio(e, x), '1.5x']] : []),
      [`new debug container, ${SETTLE_SECONDS} s apart, / \`kubectl debug\``, ms(n), ms(k), ratio(n, k), '1.0x'],
      ['new debug container, back to back, each after itself (means), / `kubectl debug`', ms(bnSame), ms(bkSame), ratio(bnSame, bkSame), '1.0x'],
      ['the same, each after the other tool (means)', ms(bnOther), ms(bkOther), ratio(bnOther, bkOther), '1.0x'],
      ['peak memory, `cg-debug POD --new -- true`', mib(rn), `${mib(rk)} (kubectl debug)`, ratio(rn, rk), '70 MiB'],
      ['the same, answer cache empty', mib(rc), `${mib(rk)} (kubectl debug)`, ratio(rc, rk), '70 MiB'],
    );

    // Phases run in order, except the registry check that overlaps the namespace level and the app image's user.
    const span = (p, from, to) => (p[to] ?? NaN) - (p[from] ?? NaN);
    const common = [
      // The kubeconfig is read, and the first reads sent, before the session's modules load (cli/debug-start.ts).
      ['node start + loading the bundle and the Kubernetes client (the first reads in flight meanwhile)', (p) => p['modules done']],
      ['kubeconfig (read before the session modules load)', (p) => span(p, 'kubeconfig start', 'kubeconfig done')],
      ['pod lookup (GET pod, sent ahead with the namespace level and access reviews: what is left of its wait)', (p) => span(p, 'pod start', 'pod done')],
      ['registry: -dev image check (+ app image user, namespace level; cached by app digest)', (p) => span(p, 'image start', 'image done')],
    ];
    const newRows = [
      ...common,
      ['patch pods/ephemeralcontainers (watch set up alongside)', (p) => span(p, 'patch start', 'patch done')],
      // Exec is retried from the patch on until the runtime runs the container: start and exec overlap.
      ['container start + exec `true` (retried until the runtime runs it; exit code)', (p) => span(p, 'patch done', 'command done')],
      ['process exit', (p) => p.end - p['command done']],
    ];
    phaseTable(`cg-debug --new, by phase, ${SETTLE_SECONDS} s apart`, newRows, settled.phases[cases.cgNew.name]);
    phaseTable('cg-debug --new, by phase, back to back after itself', newRows, backToBack.phases[blocks[BACK_TO_BACK_BLOCK + 1].name]);
    const reuseRows = [
      ...common,
      ['plan to exec `true` done (exit code)', (p) => span(p, 'image done', 'command done')],
      ['process exit', (p) => p.end - p['command done']],
    ];
    phaseTable(`cg-debug in a running holder, by phase, ${SETTLE_SECONDS} s apart`, reuseRows, settled.phases[cases.cgReuse.name]);
    if (sea) phaseTable('the same, single executable', reuseRows, settled.phases[cases.seaReuse.name]);
    // What the phases do not split: the CPU under "node start + loading" and "plan to exec", by kind.
    const profile = profileRuns(cases.cgReuse.argv, env, rounds, SETTLE_SECONDS);
    console.log(`\n### cg-debug in a running holder, where its time goes (V8 CPU profile, mean of ${profile.runs}, ${SETTLE_SECONDS} s apart)\n`);
    console.log('| kind | mean | share |\n| --- | ---: | ---: |');
    for (const { kind, ms: t } of profile.kinds) console.log(`| ${kind} | ${t.toFixed(1)} ms | ${((100 * t) / profile.spanMs).toFixed(0)}% |`);
    console.log(`| the profiled span (Node's bootstrap before it, its exit after) | ${profile.spanMs.toFixed(1)} ms | 100% |`);
  } finally {
    deleteNamespace();
  }
}

function treeBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** The installed packages (hoisted node_modules) that RUNTIME_PACKAGES pull in, with their bytes. */
function runtimeClosure() {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    const dir = path.join(ROOT, 'node_modules', name);
    if (!existsSync(dir)) return; // an optional dependency for another platform
    seen.add(name);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  RUNTIME_PACKAGES.forEach(visit);
  return { count: seen.size, bytes: [...seen].reduce((sum, name) => sum + treeBytes(path.join(ROOT, 'node_modules', name)), 0) };
}

function sizes() {
  const size = (b) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  const deps = runtimeClosure();
  console.log('\n## Install size\n');
  console.log('| what | size |\n| --- | ---: |');
  console.log(`| production dependencies unbundled (${RUNTIME_PACKAGES.join(', ')}: ${deps.count} packages) | ${size(deps.bytes)} |`);
  console.log(`| the entry file, dist/cg-debug.mjs | ${(statSync(BUNDLE).size / 1024).toFixed(0)} KiB |`);
  console.log(`| the entry and its chunks (all the package installs) | ${size(statSync(BUNDLE).size + treeBytes(path.join(ROOT, 'dist/chunks')))} |`);
  if (existsSync(SEA)) console.log(`| the single executable, dist/cg-debug (Node ${SEA_NODE_VERSION} included) | ${size(statSync(SEA).size)} |`);
}

/** The pod picker at scale: bench/tui-list.ts in its own process, its figures read from its last line. */
function picker(pods) {
  console.log(`\n## Pod picker, ${pods} Running pods in 200 namespaces, -A (bench/tui-list.ts)\n`);
  const r = spawnSync('npm', ['run', '--silent', 'bench:tui', '--', String(pods)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = r.stdout.split('\n').find((l) => l.startsWith('bench-tui-figures '));
  if (r.status !== 0 || !line) throw new Error(`bench:tui exited ${r.status}:\n${r.stdout}`);
  const f = JSON.parse(line.slice('bench-tui-figures '.length));
  console.log('| figure | measured | baseline | ratio |\n| --- | ---: | ---: | ---: |');
  console.log(`| all ${f.pods} pods on screen, after the API's raw reply | ${ms(f.toScreenMs)} | ${ms(f.parseMs)} (JSON.parse of the reply) | ${ratio(f.toScreenMs, f.parseMs)} |`);
  console.log(`| filter keystroke redrawn, median | ${ms(f.filterMedianMs)} | ${ms(f.moveMedianMs)} (a cursor move) | ${ratio(f.filterMedianMs, f.moveMedianMs)} |`);
  console.log(`| filter keystroke redrawn, slowest | ${ms(f.filterMaxMs)} | ${ms(f.moveMedianMs)} (a cursor move) | ${ratio(f.filterMaxMs, f.moveMedianMs)} |`);
  console.log(`| peak resident memory | ${mib(f.peakRssMiB)} | | |`);
  goals.push(
    [`list on screen after the API's reply, ${f.pods} pods`, ms(f.toScreenMs), `${ms(f.parseMs)} (JSON.parse)`, ratio(f.toScreenMs, f.parseMs), '2000 ms'],
    [`filter keystroke, slowest of the run, ${f.pods} pods`, ms(f.filterMaxMs), `${ms(f.moveMedianMs)} (cursor move)`, ratio(f.filterMaxMs, f.moveMedianMs), '50 ms'],
    [`picker peak memory, ${f.pods} pods`, mib(f.peakRssMiB), '', '', '250 MiB'],
  );
}

console.log(`# cg-debug benchmarks\n\nMachine: ${machine()}`);
startup(Number(flags.runs));
if (flags['no-session']) console.log('\n(session benchmark skipped: --no-session)');
else if (!existsSync(KUBECTL) || !existsSync(KUBECONFIG)) console.log(`\n(session benchmark skipped: no cluster at ${CLUSTER}; bash test/cluster/cluster.sh up)`);
else session(Number(flags['session-runs']));
if (flags['no-tui']) console.log('\n(pod picker benchmark skipped: --no-tui)');
else if (!existsSync(KUBECONFIG)) console.log(`\n(pod picker benchmark skipped: no cluster at ${CLUSTER})`);
else picker(Number(flags['tui-pods']));
sizes();
console.log('\n## Goals\n\n| figure | measured | baseline | ratio | goal |\n| --- | ---: | ---: | ---: | ---: |');
for (const row of goals) console.log(`| ${row.join(' | ')} |`);
