import type { TerminalIO } from '../terminal/terminal-io.js';
import type { ScreenState } from '../terminal/screen.js';
import type { Options } from './options.js';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

/** The pod picker: `cg-debug` with no pod in a terminal. */
export async function runTuiCommand(
  options: Extract<Options, { kind: 'tui' }>,
  io: TerminalIO,
  signal: AbortSignal,
  screen?: ScreenState,
): Promise<number> {
  const { connectKube } = await import('./kube-connect.js');
  const { hostRegistryAuth } = await import('../registry/host-auth.js');
  const { hostAnswerCache } = await import('../registry/answer-cache.js');
  const { runTui } = await importForTerminal(() => import('../tui/run-tui.js'));
  const kube = connectKube(options.connection, signal);
  const { allNamespaces, yes, loop, quiet, request } = options;
  const { openTrail } = await import('./trail-deps.js');
  const trail = openTrail(options.trail, kube, process.env);
  try {
    return await runTui(
      { namespace: kube.namespace, allNamespaces, yes, loop, quiet, request },
      {
        kube,
        signal,
        registryAuth: hostRegistryAuth(process.env),
        registryCache: hostAnswerCache(process.env),
        random: Math.random,
        io,
        now: Date.now,
        env: process.env,
        trail: trail.deps,
        ...(screen ? { screen } : {}),
      },
    );
  } finally {
    trail.close();
  }
}

/**
 * ink decides once, when its module is evaluated, that CI or CONTINUOUS_INTEGRATION in the environment
 * means "no terminal" and then draws only its last frame. The picker only starts on a terminal, so
 * those variables are hidden while ink loads and put back at once (credential helpers still see them).
 */
async function importForTerminal<T>(load: () => Promise<T>): Promise<T> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of CI_VARIABLES) process.env[name] = 'false';
  try {
    return await load();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  }
}
