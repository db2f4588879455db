import { parseCopyOperands, type CopyDirection } from '../../core/cp-operands.js';
import { UsageError } from '../../core/errors.js';
import type { DebugRequest, DebugWhere } from '../../session/debug-session.js';
import type { Command } from '../command.js';
import { sessionPartsOf, whereOf, type Connection, type TrailOptions } from '../option-parts.js';
import { CONNECTION_FLAGS, SESSION_FLAGS } from './session-flags.js';

export interface CpOptions {
  kind: 'cp';
  connection: Connection;
  where: DebugWhere;
  request: DebugRequest;
  copy: CopyDirection;
  quiet: boolean;
  stderrIsTTY: boolean;
  trail: TrailOptions;
}

const USAGE = ['cp [flags] POD:PATH LOCAL|-', 'cp [flags] LOCAL|- POD:[PATH]'];

export const cpCommand: Command<CpOptions> = {
  name: 'cp',
  summary: "copy files out of the app's filesystem, or into the debug container's",
  usage: USAGE,
  overview: [
    ['cp [flags] POD:PATH LOCAL|-', "copy out of the app's filesystem (files, directories,\nsymlinks resolved in the app's root); - : tar on stdout"],
    ['cp [flags] LOCAL|- POD:[PATH]', "copy into the debug container's own filesystem\n(default /tmp), never the app's; - : tar from stdin"],
  ],
  description:
    "No tar is needed in the app's image: cp runs in a debug container (reused, or added as for a shell).\nOut of the pod, PATH is read in the app's root (/proc/1/root), symlinks resolved there.\nInto the pod, files land in the debug container's own filesystem, never the app's.",
  flags: [...CONNECTION_FLAGS, ...SESSION_FLAGS],
  examples: [
    ["a file out of the app's filesystem", 'cp -n shop web-6f7c9-lp0sd:/etc/nginx/nginx.conf .'],
    ['a directory as a tar stream', 'cp web-6f7c9-lp0sd:/var/log - | tar -tvf -'],
    ["a script into the debug container's /tmp", 'cp ./probe.sh web-6f7c9-lp0sd:'],
  ],
  args: ['pod:', 'pod:'],
  options: (argv, env) => {
    const { flags, positionals, command } = argv;
    if (command !== undefined) throw new UsageError('cp takes no command after --', { hint: `cg-debug ${USAGE.join('  or  cg-debug ')}` });
    const copy = parseCopyOperands(positionals.slice(1));
    const where = whereOf(copy.podArg, flags);
    if (copy.kind === 'download' && copy.local === '-' && env.stdoutIsTTY) {
      throw new UsageError('cp to - writes a tar stream, and stdout is a terminal', { hint: 'pipe it: cg-debug cp POD:PATH - | tar -tvf -' });
    }
    if (copy.kind === 'upload' && copy.local === '-' && env.stdinIsTTY) {
      throw new UsageError('cp from - reads a tar stream, and stdin is a terminal', { hint: 'pipe one in: tar -cf - DIR | cg-debug cp - POD:/tmp' });
    }
    return { kind: 'cp', ...sessionPartsOf(argv, env, where), copy, stderrIsTTY: env.stderrIsTTY ?? false };
  },
  run: async (options, { io, out, signal }) => (await import('../cp-command.js')).runCp(options, { io, out }, signal),
};
