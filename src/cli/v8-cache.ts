// Where V8's code cache goes. Node's own default is $TMPDIR/node-compile-cache/<version-arch-hash-uid>, a
// name anyone can predict and create first: Node checks neither who owns it nor who wrote the entries,
// and an entry only has to match its source's length and CRC32 to be run. So the cache lives in this
// user's own cache directory, created 0700 and checked (not a symlink, this user's, no group or other
// write, nothing above it another user could swap), or there is none.
import os from 'node:os';
import path from 'node:path';
import { currentUid, ensurePrivateDirectory } from '../files/private-directory.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `$XDG_CACHE_HOME/cg-debug/v8`, else `~/.cache/cg-debug/v8`; relative bases are ignored, as XDG asks. */
export function v8CacheDirectory(env: Env, home: string | undefined): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'cg-debug', 'v8');
  return home && path.isAbsolute(home) ? path.join(home, '.cache', 'cg-debug', 'v8') : undefined;
}

export type V8CacheChoice = { enabled: string } | { disabled: string };

export interface V8CacheDeps {
  env: Env;
  home: string | undefined;
  uid: number | undefined;
  /** `module.enableCompileCache`; absent on Node before 22.1. */
  enable: ((directory: string) => unknown) | undefined;
  /** `module.getCompileCacheDir`: the cache already on (the single executable's, in its private build directory). */
  current?: () => string | undefined;
}

/**
 * Turns the cache on in a private directory, or leaves it off and says why. NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE are the user's: Node has already acted on them at start-up, so they are left to it.
 */
export function enableV8Cache({ env, home, uid, enable, current }: V8CacheDeps): V8CacheChoice {
  if (!enable) return { disabled: 'this Node has no compile cache' };
  const already = current?.();
  if (already) return { enabled: already };
  if (env.NODE_DISABLE_COMPILE_CACHE) return { disabled: 'NODE_DISABLE_COMPILE_CACHE is set' };
  if (env.NODE_COMPILE_CACHE) return { disabled: 'NODE_COMPILE_CACHE is set: Node uses it as it is' };
  const wanted = v8CacheDirectory(env, home);
  if (!wanted) return { disabled: 'no absolute XDG_CACHE_HOME or HOME' };
  const checked = ensurePrivateDirectory(wanted, uid);
  if ('reason' in checked) return { disabled: checked.reason };
  enable(checked.dir);
  return { enabled: checked.dir };
}

/** The process's own environment, home, uid and Node. */
export function processV8CacheDeps(enable: ((directory: string) => unknown) | undefined, current?: () => string | undefined): V8CacheDeps {
  let home: string | undefined;
  try {
    home = os.homedir();
  } catch {
    home = undefined;
  }
  return { env: process.env, home, uid: currentUid(), enable, ...(current ? { current } : {}) };
}
