// The POSIX sh scripts cp and packages run in the debug container over exec, and the parsing of what
// they print. Every value arrives as a positional parameter, never spliced into the script's text.
import type { PathProbe } from './root-path.js';

/** The target container's filesystem as its process 1 sees it, from a debug container that targets it. */
export const TARGET_ROOT = '/proc/1/root';

/** `$0` of every script, so `ps` and error messages name it. */
const SCRIPT_NAME = 'cg-debug';

// Prints, per path under the root $1, a kind and a detail, each ended by NUL (link targets may hold any
// byte but NUL). A root the user cannot enter (another user, no CAP_SYS_PTRACE) prints `noroot`.
const PROBE_SCRIPT = [
  'root=$1',
  'shift',
  `(cd "$root/") 2>/dev/null || { printf 'noroot\\0\\0'; exit 0; }`,
  'for p in "$@"; do',
  '  f=$root$p',
  `  if [ -L "$f" ]; then printf 'link\\0%s\\0' "$(readlink "$f")"`,
  `  elif [ -d "$f" ]; then printf 'dir\\0%s%s\\0' "$([ -r "$f" ] && echo r)" "$([ -x "$f" ] && echo x)"`,
  // A regular file's size too (where stat is there), so cp can bound what it takes back.
  `  elif [ -f "$f" ]; then printf 'file\\0%s:%s\\0' "$([ -r "$f" ] && echo r)" "$(stat -c %s "$f" 2>/dev/null)"`,
  `  elif [ -e "$f" ]; then printf 'other\\0%s\\0' "$([ -r "$f" ] && echo r)"`,
  `  else printf 'missing\\0\\0'`,
  '  fi',
  'done',
].join('\n');

// A tar stream of $3 (a name in the directory $1$2) on stdout; `./` keeps a name starting with "-" a name.
const PACK_SCRIPT = ['cd "$1$2" || exit 1', 'exec tar -cf - "./$3"'].join('\n');

// Unpacks a tar stream from stdin into a fresh directory, then moves the one entry $2 to $1 (or into $1
// when that is a directory) and prints where it went. With no $2 the stream is unpacked into the
// directory $1 itself. Nothing under /proc is written: that could be the app's own filesystem.
const UNPACK_SCRIPT = [
  'dest=$1 name=$2',
  'refuse() { printf "cg-debug: %s\\n" "$1" >&2; exit 1; }',
  'under_proc() { case "$(readlink -f "$1" 2>/dev/null)/" in /proc/*) return 0 ;; esac; return 1; }',
  'if [ -z "$name" ]; then',
  '  mkdir -p "$dest" || exit 1',
  '  under_proc "$dest" && refuse "$dest is under /proc"',
  '  tar -xf - -C "$dest" || exit 1',
  '  printf "%s\\n" "$dest"',
  '  exit 0',
  'fi',
  'tmp=$(mktemp -d "${TMPDIR:-/tmp}/.cg-debug-cp.XXXXXX") || exit 1',
  `trap 'rm -rf "$tmp"' EXIT`,
  'tar -xf - -C "$tmp" || exit 1',
  'if [ -d "$dest" ]; then out=${dest%/}/$name; else out=$dest; fi',
  'under_proc "$(dirname "$out")" && refuse "$out is under /proc"',
  '[ -d "$out" ] && [ ! -L "$out" ] && refuse "$out already exists and is a directory"',
  'mv "$tmp/$name" "$out" || exit 1',
  'printf "%s\\n" "$out"',
].join('\n');

// The package databases of the filesystem under $1 as a tar stream: SPDX SBOMs, else apk's installed DB.
// Exit 3: neither exists.
const PACKAGES_SCRIPT = [
  'cd "$1/" || exit 1',
  'if [ -d var/lib/db/sbom ]; then exec tar -cf - var/lib/db/sbom; fi',
  'if [ -f lib/apk/db/installed ]; then exec tar -cf - lib/apk/db/installed; fi',
  'exit 3',
].join('\n');

/** Exit code of the packages script when the filesystem has no package database. */
export const NO_PACKAGE_DB = 3;

const sh = (script: string, ...args: string[]): string[] => ['sh', '-c', script, SCRIPT_NAME, ...args];

export const probeCommand = (paths: readonly string[]): string[] => sh(PROBE_SCRIPT, TARGET_ROOT, ...paths);

/** Packs `path` (resolved inside the target's root) as a one-entry tar stream. */
export function packCommand(path: string): string[] {
  const cut = path.lastIndexOf('/');
  const dir = path.slice(0, cut + 1);
  const name = path.slice(cut + 1) || '.';
  return sh(PACK_SCRIPT, TARGET_ROOT, dir, name);
}

/** Unpacks stdin into the debug container: the entry `name` to `dest`, or without a name, all into `dest`. */
export const unpackCommand = (dest: string, name?: string): string[] => sh(UNPACK_SCRIPT, dest, name ?? '');

/** The target's package databases (`target`) or the debug container's own (`self`). */
export const packagesCommand = (side: 'target' | 'self'): string[] => sh(PACKAGES_SCRIPT, side === 'target' ? TARGET_ROOT : '');

export class ProbeOutputError extends Error {}

/** The probe script's output: one PathProbe per path, or `undefined` when the root cannot be entered. */
export function parseProbeOutput(output: string, count: number): PathProbe[] | undefined {
  const fields = output.split('\0');
  if (fields[0] === 'noroot') return undefined;
  const probes: PathProbe[] = [];
  for (let i = 0; i + 1 < fields.length && probes.length < count; i += 2) {
    const [kind, detail] = [fields[i], fields[i + 1] as string];
    switch (kind) {
      case 'link':
        probes.push({ kind: 'link', target: detail });
        break;
      case 'dir':
        probes.push({ kind: 'dir', readable: detail.includes('r'), searchable: detail.includes('x') });
        break;
      case 'file': {
        const [read = '', size = ''] = detail.split(':');
        probes.push({ kind, readable: read === 'r', ...(/^[0-9]{1,15}$/.test(size) ? { size: Number(size) } : {}) });
        break;
      }
      case 'other':
        probes.push({ kind, readable: detail === 'r' });
        break;
      case 'missing':
        probes.push({ kind: 'missing' });
        break;
      default:
        throw new ProbeOutputError(`unexpected probe output ${JSON.stringify(kind)}`);
    }
  }
  if (probes.length !== count) throw new ProbeOutputError(`the probe answered ${probes.length} of ${count} paths`);
  return probes;
}
