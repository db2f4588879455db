// The pod picker's entry point: ink draws until a debug container runs, then steps aside completely
// (alternate screen left, cursor shown, raw mode off) and the shell owns the terminal.
import './react-production.js';
import { render } from 'ink';
import { planDebug, startDebug, type DebugRequest, type SessionDeps } from '../session/debug-session.js';
import { stepPrinter } from '../session/print-steps.js';
import type { OnStep } from '../core/steps.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { listNamespaceNames } from '../kube/names.js';
import { countShells } from '../session/count-shells.js';
import { sessionDeps, type SessionHost } from '../session/session-deps.js';
import { sessionRun, sessionTrail, type SessionRun, type TrailDeps } from '../session/session-trail.js';
import type { TokenCache } from '../registry/auth.js';
import { imageToRun, resolveAppDevImage } from '../registry/resolve-dev-image.js';
import type { CheckDevImageFn } from './hooks/use-dev-image-checks.js';
import { ExitCode } from '../core/errors.js';
import { kubePodListSource, watchPods } from '../kube/watch-running-pods.js';
import { App, type TuiDeps } from './App.js';
import { whereOfChoice, type PickedRun, type TuiOutcome } from './model/state.js';
import { LEAVE_ALT_SCREEN, SHOW_CURSOR, type ScreenState } from '../terminal/screen.js';
import { colorEnabled } from './model/theme.js';
import { startHandoff, type StartHandoff } from './start-handoff.js';

/** The picker's flags, completed: where to start, how to behave, and what each pick asks for. */
export interface TuiFlags {
  /** The namespace to start in (and to return to from all namespaces). */
  namespace: string;
  allNamespaces: boolean;
  /** Skip the plan screen. */
  yes: boolean;
  /** After the shell exits, show the picker again. */
  loop: boolean;
  /** Only warnings from the attach step on stderr. */
  quiet: boolean;
  request: DebugRequest;
}

/** What the picker's run is given from outside: the cluster and registries' credentials, the terminal, clocks, env. */
export interface TuiHost extends SessionHost {
  io: TerminalIO;
  /** Wall clock for pod ages. */
  now: () => number;
  /** For NO_COLOR. */
  env: Readonly<Record<string, string | undefined>>;
  /** Told when the alternate screen is entered and left, so a last-resort handler can leave it. */
  screen?: ScreenState;
  /** The audit log and --record: each shell is recorded and audited like one in plain mode. */
  trail?: TrailDeps;
}

// The alternate screen keeps the cursor where it was; ink draws from the cursor, so start at the top.
const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H\u001b[2J';

/** The session's dependencies for one pick: the picker's cluster and credentials, with `signal`. */
function depsFor(host: TuiHost, onStep: OnStep, signal: AbortSignal, startedAt: number): SessionDeps {
  return sessionDeps({ ...host, signal }, onStep, startedAt);
}

/**
 * The list's registry check: the resolver a session uses, with the picker's credentials, the request's
 * mapping (default image, mirrors, devTags) and --offline, and one token cache for the picker's life.
 */
function devImageChecker(flags: TuiFlags, host: TuiHost): CheckDevImageFn {
  const { mapping, offline } = flags.request;
  const tokens: TokenCache = new Map();
  return async (app, signal) => {
    const resolved = await resolveAppDevImage(
      { ...app, mapping },
      { offline, signal: AbortSignal.any([signal, host.signal]), tokens, ...(host.registryAuth ? { auth: host.registryAuth } : {}) },
    );
    return { run: imageToRun(resolved), verified: resolved.verified, rule: resolved.rule, confidence: resolved.confidence };
  };
}

/**
 * The run as the picker hands it over (start-handoff.ts): held while the screen closes, and its start's
 * progress released to the terminal's printer when the shell connects.
 */
function handedRun(run: SessionRun, handoff: StartHandoff): PickedRun {
  return {
    started: run.started,
    hold: () => handoff.hold(),
    connect: (session, io) => {
      handoff.release(session.onStep);
      return run.connect(session, io);
    },
  };
}

/**
 * The starts still running. A start that Ctrl-C cancels after its patch is audited as it unwinds,
 * after the picker has settled: the run waits for those before it returns, and main exits.
 */
type Starts = Set<Promise<unknown>>;

function tuiDeps(flags: TuiFlags, host: TuiHost, starts: Starts): TuiDeps {
  const { kube } = host;
  const source = kubePodListSource(kube);
  let startedAt = performance.now();
  const both = (signal: AbortSignal): AbortSignal => AbortSignal.any([signal, host.signal]);
  return {
    checkDevImage: devImageChecker(flags, host),
    watchPods: (namespace, signal, onEvent) => watchPods(source, { namespace, signal: both(signal), onEvent }),
    listNamespaces: (signal) => listNamespaceNames(kube, both(signal)),
    countShells: (where, signal) => countShells(kube, where, both(signal)),
    plan: (choice, onStep, signal) => {
      startedAt = performance.now();
      // The choice is where to debug: the pod, its container, maybe a debug container to reattach.
      // A pod whose target does not run is debugged in a copy (--copy's defaults unless the flags set them).
      const request = choice.copy ? { ...flags.request, copy: flags.request.copy ?? { keepLabels: false, sameNode: false } } : flags.request;
      return planDebug(depsFor(host, onStep, both(signal), startedAt), request, whereOfChoice(choice));
    },
    start: (plan, onStep, signal) => {
      // The trail starts with the start: a container added and then a failure (or Ctrl-C) is audited too.
      // It travels with the run it returns, through the picker's state, to the connect.
      const trail = host.trail ? sessionTrail(host.trail) : undefined;
      const handoff = startHandoff(onStep, signal, host.signal);
      const deps = depsFor(host, handoff.onStep, handoff.signal, startedAt);
      // As direct mode does: back right after the patch, and the shell's exec is retried until the runtime
      // runs the container, rather than waiting for the pod status to say Running (up to a second later).
      const starting = (trail ? trail.start(deps, plan, { execEarly: true }) : startDebug(deps, plan, { execEarly: true })).then((started) =>
        handedRun(sessionRun(plan, started, trail), handoff),
      );
      const settled = starting.catch(() => undefined).finally(() => starts.delete(settled));
      starts.add(settled);
      return starting;
    },
    now: host.now,
  };
}

/** Shows the picker until the user quits or a debug container is added; the terminal is restored either way. */
async function pick(flags: TuiFlags, host: TuiHost, starts: Starts): Promise<TuiOutcome> {
  const { stdout, stdin, stderr } = host.io;
  if (host.signal.aborted) return { kind: 'quit', exitCode: ExitCode.interrupted };
  const fullScreen = stdout.isTTY === true;
  let settle: (outcome: TuiOutcome) => void = () => undefined;
  const outcome = new Promise<TuiOutcome>((resolve) => {
    settle = resolve;
  });
  const onAbort = (): void => settle({ kind: 'quit', exitCode: ExitCode.interrupted });
  const onOutcome = (result: TuiOutcome): void => {
    // Before the picker unmounts, which aborts what its screens began: a started session goes on.
    if (result.kind === 'started') result.run.hold?.();
    settle(result);
  };
  host.signal.addEventListener('abort', onAbort, { once: true });

  if (fullScreen) {
    stdout.write(ENTER_ALT_SCREEN);
    if (host.screen) host.screen.alternate = true;
  }
  const instance = render(
    <App
      deps={tuiDeps(flags, host, starts)}
      namespace={flags.namespace}
      allNamespaces={flags.allNamespaces}
      yes={flags.yes}
      mapping={flags.request.mapping}
      kubeContext={host.kube.context}
      color={colorEnabled(host.env)}
      onOutcome={onOutcome}
    />,
    { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );
  try {
    return await outcome;
  } finally {
    host.signal.removeEventListener('abort', onAbort);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    // ink restores raw mode on unmount; the screen and cursor are ours to restore.
    if (fullScreen) {
      stdout.write(LEAVE_ALT_SCREEN + SHOW_CURSOR);
      if (host.screen) host.screen.alternate = false;
    }
  }
}

function connectPrinter(flags: TuiFlags, host: TuiHost): OnStep {
  return stepPrinter((line) => host.io.stderr.write(line), { quiet: flags.quiet });
}

/** `cg-debug` in a terminal: pick a pod, plan, start, then attach; resolves with the exit code. */
export async function runTui(flags: TuiFlags, host: TuiHost): Promise<number> {
  const starts: Starts = new Set();
  for (;;) {
    const outcome = await pick(flags, host, starts);
    if (outcome.kind === 'quit') {
      await Promise.all(starts);
      return outcome.exitCode;
    }
    // The start's progress (the container still starting) shows on the terminal from here on (handedRun).
    const deps = depsFor(host, connectPrinter(flags, host), host.signal, performance.now());
    const code = await outcome.run.connect(deps, host.io);
    if (!flags.loop || host.signal.aborted) return code;
  }
}
