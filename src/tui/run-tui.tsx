// The pod picker's entry point: ink draws until a debug container runs, then steps aside completely
// (alternate screen left, cursor shown, raw mode off) and the shell owns the terminal.
import './react-production.js';
import { render } from 'ink';
import { connectDebug, planDebug, startDebug, type DebugRequest, type SessionDeps } from '../session/debug-session.js';
import type { RegistryAuth } from '../registry/auth.js';
import { stepPrinter } from '../session/print-steps.js';
import type { OnStep } from '../core/steps.js';
import type { Kube } from '../kube/client.js';
import type { TerminalIO } from '../kube/attach.js';
import { listNamespaceNames } from '../kube/names.js';
import { sessionDeps } from '../session/session-deps.js';
import { sessionTrail, type TrailDeps } from '../session/session-trail.js';
import { ExitCode } from '../core/errors.js';
import { kubePodListSource, watchPods } from '../kube/watch-running-pods.js';
import { App, type TuiDeps } from './App.js';
import type { TuiOutcome } from './model/state.js';
import { LEAVE_ALT_SCREEN, SHOW_CURSOR, type ScreenState } from '../cli/last-resort.js';
import { colorEnabled } from './model/theme.js';

export interface TuiOptions {
  kube: Kube;
  /** The namespace to start in (and to return to from all namespaces). */
  namespace: string;
  allNamespaces: boolean;
  /** Skip the plan screen. */
  yes: boolean;
  /** After the shell exits, show the picker again. */
  loop: boolean;
  request: DebugRequest;
  io: TerminalIO;
  /** Aborted on SIGTERM/SIGHUP: the UI closes and the session unwinds. */
  signal: AbortSignal;
  /** Only warnings from the attach step on stderr. */
  quiet?: boolean;
  random?: () => number;
  /** Wall clock for pod ages. */
  now?: () => number;
  /** For NO_COLOR. */
  env?: Record<string, string | undefined>;
  /** Credentials for registry checks (Docker config, credential helpers). */
  registryAuth?: RegistryAuth;
  /** Told when the alternate screen is entered and left, so a last-resort handler can leave it. */
  screen?: ScreenState;
  /** The audit log and --record: each shell is recorded and audited like one in plain mode. */
  trail?: TrailDeps;
}

// The alternate screen keeps the cursor where it was; ink draws from the cursor, so start at the top.
const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';

/** The session's dependencies for one pick: the picker's cluster and credentials, with `signal`. */
function depsFor(options: TuiOptions, onStep: OnStep, signal: AbortSignal, startedAt: number): SessionDeps {
  const { kube, random, registryAuth } = options;
  return sessionDeps({ kube, signal, ...(random ? { random } : {}), ...(registryAuth ? { registryAuth } : {}) }, onStep, startedAt);
}

function tuiDeps(options: TuiOptions): TuiDeps {
  const { kube } = options;
  const source = kubePodListSource(kube);
  let startedAt = performance.now();
  const both = (signal: AbortSignal): AbortSignal => AbortSignal.any([signal, options.signal]);
  return {
    watchPods: (namespace, signal, onEvent) => watchPods(source, { namespace, signal: both(signal), onEvent }),
    listNamespaces: (signal) => listNamespaceNames(kube, both(signal)),
    plan: (choice, onStep, signal) => {
      startedAt = performance.now();
      // The choice is where to debug: the pod, its container, maybe a debug container to reattach.
      return planDebug(depsFor(options, onStep, both(signal), startedAt), options.request, choice);
    },
    start: (plan, onStep, signal) => startDebug(depsFor(options, onStep, both(signal), startedAt), plan),
    now: options.now ?? Date.now,
  };
}

/** Shows the picker until the user quits or a debug container runs; the terminal is restored either way. */
async function pick(options: TuiOptions): Promise<TuiOutcome> {
  const { stdout, stdin, stderr } = options.io;
  if (options.signal.aborted) return { kind: 'quit', exitCode: ExitCode.interrupted };
  const fullScreen = stdout.isTTY === true;
  let settle: (outcome: TuiOutcome) => void = () => undefined;
  const outcome = new Promise<TuiOutcome>((resolve) => {
    settle = resolve;
  });
  const onAbort = (): void => settle({ kind: 'quit', exitCode: ExitCode.interrupted });
  options.signal.addEventListener('abort', onAbort, { once: true });

  if (fullScreen) {
    stdout.write(ENTER_ALT_SCREEN);
    if (options.screen) options.screen.alternate = true;
  }
  const instance = render(
    <App
      deps={tuiDeps(options)}
      namespace={options.namespace}
      allNamespaces={options.allNamespaces}
      yes={options.yes}
      mapping={options.request.mapping}
      kubeContext={options.kube.context}
      color={colorEnabled(options.env ?? process.env)}
      onOutcome={settle}
    />,
    { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );
  try {
    return await outcome;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    // ink restores raw mode on unmount; the screen and cursor are ours to restore.
    if (fullScreen) {
      stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
      if (options.screen) options.screen.alternate = false;
    }
  }
}

function connectPrinter(options: TuiOptions): OnStep {
  return stepPrinter((line) => options.io.stderr.write(line), { quiet: options.quiet === true });
}

/** `cg-debug` in a terminal: pick a pod, plan, start, then attach; resolves with the exit code. */
export async function runTui(options: TuiOptions): Promise<number> {
  for (;;) {
    const outcome = await pick(options);
    if (outcome.kind === 'quit') return outcome.exitCode;
    const deps = depsFor(options, connectPrinter(options), options.signal, performance.now());
    const code = options.trail
      ? await sessionTrail(options.trail).connect(deps, outcome.plan, outcome.started, options.io)
      : await connectDebug(deps, outcome.plan, outcome.started, options.io);
    if (!options.loop || options.signal.aborted) return code;
  }
}
