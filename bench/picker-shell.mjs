// How fast the pod picker gets from Enter on a pod to the shell's prompt, against direct mode
// (`cg-debug POD`) from the same point, on the local cluster (test/cluster), both adding a new debug
// container (--new) to the same pod, interleaved, medians, printed as ratios. Figures only.
//
//   npm run build && node bench/picker-shell.mjs [--runs N] [--bundle dist/cg-debug.mjs] [--baseline OTHER.mjs]
//
// --baseline adds another build's picker to the same rounds (an earlier commit's bundle, say).
//
// Direct mode's "same point" is when its plan begins (its first CG_DEBUG_TIMINGS mark): the picker has
// loaded its modules and listed the pods before Enter, so it is compared with direct mode after its own
// start-up; direct mode from launch is shown too. Each run happens in a real pseudo-terminal (script(1));
// the prompt is the shell's first prompt after its banner. The debug containers each run leaves are
// stopped between runs; when one is still running the picker asks which container, and the time counts
// from the Enter on the app's container there.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { parseArgs } from 'node:util';
import { APP_IMAGE, KUBECONFIG, KUBECTL, ROOT } from './cluster-paths.mjs';

// A fixture namespace (Pod Security restricted); the bench's own pod in it, deleted at the end.
const NAMESPACE = 'cg-restricted';
const POD = 'picker-bench';
const RUN_TIMEOUT_MS = 60_000;

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    bundle: { type: 'string', default: path.join(ROOT, 'dist/cg-debug.mjs') },
    baseline: { type: 'string' },
  },
});
const BUNDLE = path.resolve(flags.bundle);
const BASELINE = flags.baseline === undefined ? undefined : path.resolve(flags.baseline);
const ENV = { ...process.env, KUBECONFIG, CG_DEBUG_DEFAULT_IMAGE: '127.0.0.1:5000/chainguard/wolfi-base:latest', NO_COLOR: '1' };

const out = (line) => process.stdout.write(`${line}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// eslint-disable-next-line no-control-regex -- the terminal's escape sequences
const plain = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g, '').replace(/\r/g, '');
// The shell start's last banner line, then (after the shell's own greeting) its prompt: the output's
// last line ends in `$ ` or `# `.
const PROMPT = /(^|\n)packages: [^\n]*\n([\s\S]*\n)?[^\n]*[$#] $/;

function kubectl(args, input) {
  return execFileSync(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function createPod() {
  kubectl(['delete', 'pod', '-n', NAMESPACE, POD, '--ignore-not-found', '--grace-period=0', '--force']);
  kubectl(['apply', '-f', '-'], `
apiVersion: v1
kind: Pod
metadata: {name: ${POD}, namespace: ${NAMESPACE}}
spec:
  nodeName: 127.0.0.1
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: ${APP_IMAGE}
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`);
  kubectl(['wait', '-n', NAMESPACE, `pod/${POD}`, '--for=condition=Ready', '--timeout=120s']);
}

/** cg-debug in a pseudo-terminal; `at(re)` resolves with the time its output first matches. */
function terminal(args, env = {}, bundle = BUNDLE) {
  const command = [process.execPath, bundle, ...args].map((a) => `'${a}'`).join(' ');
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  const waiters = [];
  const check = () => {
    const now = performance.now();
    for (const w of waiters.splice(0)) {
      if (w.re.test(plain(text))) w.resolve(now);
      else waiters.push(w);
    }
  };
  child.stdout.on('data', (chunk) => {
    text += chunk.toString('utf8');
    check();
  });
  child.stderr.resume();
  return {
    started,
    output: () => plain(text),
    type: (keys) => child.stdin.write(keys),
    at: (re) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} within ${RUN_TIMEOUT_MS} ms:\n${plain(text).slice(-2000)}`)), RUN_TIMEOUT_MS);
        waiters.push({ re, timer, resolve: (t) => (clearTimeout(timer), resolve(t)) });
        check();
      }),
    close: () =>
      new Promise((resolve) => {
        // A wait that lost a race must not fire after its run.
        for (const w of waiters.splice(0)) clearTimeout(w.timer);
        child.once('close', resolve);
        child.kill('SIGKILL');
      }),
  };
}

/** The picker: list, filter to the bench pod, then Enter -> prompt. */
async function pickerRun(bundle = BUNDLE) {
  const t = terminal(['-n', NAMESPACE, '--yes', '--new'], {}, bundle);
  try {
    await t.at(new RegExp(`^\\s+${POD} `, 'm'));
    t.type(`/${POD}`);
    await t.at(new RegExp(`^> ${POD} `, 'm'));
    let enter = performance.now();
    t.type('\r');
    // Debug containers left running in the pod make Enter ask which container first: the app's is
    // selected, and its Enter is where the session begins.
    const first = await Promise.race([t.at(PROMPT).then(() => 'prompt', () => 'timeout'), t.at(/which container\?/).then(() => 'containers', () => 'timeout')]);
    if (first === 'containers') {
      enter = performance.now();
      t.type('\r');
    }
    const prompt = await t.at(PROMPT);
    return prompt - enter;
  } finally {
    await t.close();
  }
}

/** Direct mode: launch -> prompt, and its plan's start -> prompt. */
async function directRun() {
  const t = terminal(['-n', NAMESPACE, POD, '--new'], { CG_DEBUG_TIMINGS: '1' });
  try {
    const prompt = await t.at(PROMPT);
    const marks = [...t.output().matchAll(/^cg-debug-timing (\d+) /gm)].map((m) => Number(m[1]));
    if (marks.length === 0) throw new Error(`no CG_DEBUG_TIMINGS marks:\n${t.output().slice(-2000)}`);
    const launch = prompt - t.started;
    // The marks count from the process's start, a little after the spawn: measured from the spawn, the
    // plan's start is at least that late, so this errs in direct mode's favour. The first mark is the
    // kubeconfig's read, before the session's modules load (which the picker has loaded already).
    return { launch, fromPlan: launch - Math.min(...marks) };
  } finally {
    await t.close();
  }
}

function stopAll() {
  const r = spawnSync(process.execPath, [BUNDLE, 'stop', '-n', NAMESPACE, POD, '--all', '-q'], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) process.stderr.write(`(stop exited ${r.status}: ${(r.stderr ?? '').trim().slice(-300)})\n`);
}

async function main() {
  const runs = Number(flags.runs);
  createPod();
  try {
    // Warm-up: the -dev image onto the node, TLS and disk caches.
    await directRun();
    stopAll();
    await pickerRun();
    stopAll();
    const picker = [];
    const baseline = [];
    const direct = [];
    const fromPlan = [];
    // The kubelet reports container states on a periodic relist (1 s): a random pause before each run
    // keeps a fixed cadence from favouring one mode against that clock.
    const pause = () => spawnSync('sleep', [(Math.random() * 1.2).toFixed(3)]);
    for (let i = 0; i < runs; i++) {
      pause();
      picker.push(await pickerRun());
      stopAll();
      pause();
      const d = await directRun();
      direct.push(d.launch);
      fromPlan.push(d.fromPlan);
      stopAll();
      if (BASELINE) {
        pause();
        baseline.push(await pickerRun(BASELINE));
        stopAll();
      }
    }
    const p = median(picker);
    const f = median(fromPlan);
    const l = median(direct);
    const ms = (x) => `${Math.round(x)} ms`;
    out(`## Picker: Enter on a pod -> shell prompt, new debug container, ${runs} interleaved runs, medians`);
    out('');
    out('| path | median | ratio to direct mode from its plan |');
    out('|---|---:|---:|');
    out(`| picker: Enter on the pod -> prompt | ${ms(p)} | **${(p / f).toFixed(2)}x** |`);
    out(`| direct mode: its plan starts -> prompt | ${ms(f)} | 1.00x |`);
    out(`| direct mode: launch -> prompt | ${ms(l)} | ${(l / f).toFixed(2)}x |`);
    if (BASELINE) out(`| picker of ${path.relative(ROOT, BASELINE) || BASELINE}: Enter -> prompt | ${ms(median(baseline))} | ${(median(baseline) / f).toFixed(2)}x |`);
    out('');
    out(`runs (ms): picker ${picker.map(Math.round).join(' ')}; direct from plan ${fromPlan.map(Math.round).join(' ')}; direct from launch ${direct.map(Math.round).join(' ')}`);
    if (BASELINE) out(`runs (ms): baseline picker ${baseline.map(Math.round).join(' ')}`);
    out(`bundle ${path.relative(ROOT, BUNDLE) || BUNDLE}; machine load (1 min) ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} CPUs`);
  } finally {
    kubectl(['delete', 'pod', '-n', NAMESPACE, POD, '--ignore-not-found', '--grace-period=0', '--force', '--wait=false']);
  }
}

await main();
