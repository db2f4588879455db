import { once } from 'node:events';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { formatTransfer } from '../core/byte-size.js';
import { localDestination, type LocalDestination } from '../files/local-destination.js';
import { localSource, type LocalSource } from '../files/local-source.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { copyIn, copyOut } from '../session/copy-files.js';
import { withDebugExec, type DebugExecSession } from '../session/debug-exec.js';
import { sanitizeText } from '../core/sanitize.js';
import type { Options } from './options.js';
import { directSessionDeps } from './direct-session.js';
import { transferProgress } from './transfer-progress.js';

type CpOptions = Extract<Options, { kind: 'cp' }>;

/**
 * Forwards to stdout without ending it, honouring its backpressure. A reader that goes away (`| head`)
 * closes the pipe: the rest of the stream is then dropped rather than crashing on EPIPE.
 */
function stdoutSink(stdout: NodeJS.WritableStream): Writable {
  let closed = false;
  stdout.once('error', () => (closed = true));
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (closed || stdout.write(chunk)) {
        callback();
        return;
      }
      const resume = () => {
        stdout.removeListener('drain', resume);
        stdout.removeListener('error', resume);
        callback();
      };
      stdout.once('drain', resume);
      stdout.once('error', resume);
    },
  });
}

/** The local half of a copy, opened before the pod is touched; absent for `-` (stdout or stdin). */
interface LocalSide {
  dest?: LocalDestination;
  source?: LocalSource;
}

/** `cg-debug cp`: out of the target's filesystem, or into the debug container's own; audited like a session. */
export async function runCp(options: CpOptions, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const { copy } = options;
  // A destination that cannot be written or a source that cannot be read is refused here, before a debug
  // container is added to the pod (it could never be removed).
  const local: LocalSide = copy.local === '-' ? {} : copy.kind === 'download' ? { dest: await localDestination(copy.local) } : { source: await localSource(copy.local) };
  const { deps, audit } = directSessionDeps(options, io, signal);
  const download = copy.kind === 'download';
  try {
    return await withDebugExec(
      deps,
      { request: options.request, where: options.where, needs: download ? 'target-files' : 'debug-container' },
      { trail: audit, action: 'cp', facts: { copy: { direction: download ? 'from-pod' : 'to-pod', podPath: copy.remotePath, localPath: copy.local === '-' ? '-' : resolve(copy.local) } } },
      (session) => copyFiles(options, io, session, local),
    );
  } finally {
    // Whatever was not finished: the scratch directory, the unread source.
    await local.dest?.discard();
    local.source?.stream.destroy();
  }
}

async function copyFiles(options: CpOptions, io: TerminalIO, session: DebugExecSession, local: LocalSide): Promise<number> {
  const { copy } = options;
  const progress = transferProgress(`copying ${copy.kind === 'download' ? copy.remotePath : copy.local}`, {
    write: (text) => io.stderr.write(text),
    tty: options.stderrIsTTY && !options.quiet,
    now: () => performance.now(),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  });
  const summary = (text: string) => {
    if (!options.quiet) io.stderr.write(`✓ ${text}: ${formatTransfer(progress.bytes(), progress.elapsedMs())}\n`);
  };
  const pod = `${session.plan.namespace}/${session.plan.podName}`;
  try {
    if (copy.kind === 'download') {
      const from = `${pod}:${sanitizeText(copy.remotePath)}`;
      if (copy.local === '-') {
        const done = once(progress.meter.pipe(stdoutSink(io.stdout)), 'finish');
        await copyOut(session.exec, copy.remotePath, progress.meter);
        await done;
        progress.stop();
        summary(`copied ${from} as a tar stream to stdout`);
        return 0;
      }
      const dest = local.dest as LocalDestination;
      progress.meter.pipe(dest.sink);
      const { entry, resolved } = await copyOut(session.exec, copy.remotePath, progress.meter);
      const where = await dest.finish(entry, copy.remotePath.split('/').at(-1) || session.plan.podName);
      progress.stop();
      const via = resolved.path === copy.remotePath ? '' : ` (${sanitizeText(resolved.path)} in the target)`;
      summary(`copied ${from}${via} to ${where}`);
      return 0;
    }
    const source = local.source ?? { stream: io.stdin, entry: undefined };
    // pipe() does not pass errors on: a local read error must reach the exec, which then stops.
    source.stream.once('error', (error) => progress.meter.destroy(error));
    const where = await copyIn(session.exec, source.stream.pipe(progress.meter), copy.remotePath, source.entry);
    progress.stop();
    summary(
      `copied ${copy.local === '-' ? 'the tar stream' : copy.local} to ${sanitizeText(where)} in debug container ${session.started.container} ` +
        `(its own filesystem: ${session.plan.target.container}'s files are unchanged)`,
    );
    return 0;
  } finally {
    progress.stop();
  }
}
