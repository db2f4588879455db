// --mount-volumes: the target container's volumeMounts, made fit for an ephemeral container. Two things
// stop a plain copy: the API forbids subPath (and subPathExpr) on ephemeral containers, and a volume
// mounted in one of the debug image's own system trees would hide its shell and tools, or put the
// tenant's programs, libraries or apk keys where the operator's shell looks for its own.
import type { V1Container, V1VolumeMount } from '@kubernetes/client-node';

export type MountMode = 'ro' | 'rw';
export const MOUNT_MODES: readonly MountMode[] = ['ro', 'rw'];

/** Where relocated volumes go: the whole volume, one directory per volume name. */
export const RELOCATED_ROOT = '/run/cg-debug/volumes';

// The debug image's own trees: where its runtime and shells look up programs (PATH: /usr/local/sbin comes
// first on the -dev images), libraries and the loader's config (/lib*, /usr/lib*, /etc/ld.so.*), apk's
// repositories, keys and database (/etc/apk, /lib/apk, /var/lib/apk, /var/cache/apk), the shell's start-up
// files (/etc/profile.d, /root, /home) and /tmp (cp's uploads land there and must not land in an app's
// volume). A tenant's volume anywhere in one of these would choose what the operator's shell runs, so a
// mount in one, or on a parent of one (`/`, `/var`), goes under RELOCATED_ROOT instead. The whole tree, not
// a list of paths in it, so a symlink inside it (`/usr/lib64 -> lib`) cannot lead a mount around the rule;
// /var/run and /var/lock are the usual symlinks into /run. /run/cg-debug is where relocated volumes go.
const SYSTEM_TREES = [
  '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/usr', '/etc', '/opt', '/root', '/home', '/tmp', '/dev', '/proc', '/sys',
  '/var/lib/apk', '/var/cache/apk', '/var/lib/db', '/var/run', '/var/lock', '/run/cg-debug',
];

export interface PlannedMount {
  volume: string;
  /** Where the app sees it (its mountPath, plus its subPath inside the volume when it has one). */
  appPath: string;
  subPath?: string;
  /** Where the debug container sees it. */
  debugPath: string;
  readOnly: boolean;
  /** Why it is not at the app's path: a subPath, or a collision with the debug image. */
  relocated?: 'subPath' | 'collision';
}

export interface VolumePlan {
  /** The debug container's volumeMounts, one per mount path. */
  volumeMounts: V1VolumeMount[];
  mounts: PlannedMount[];
}

/** The absolute path the runtime mounts at: `.` and empty segments dropped, `..` applied (never above `/`). */
function normalize(p: string): string {
  const out: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '' && segment !== '.') out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** True when mounting at `path` would hide, or put a volume in, one of the debug image's own trees. */
export function collidesWithDebugImage(path: string): boolean {
  const at = normalize(path);
  // /lib* as a whole: any lib directory at the root (lib, lib64, libx32...) is the loader's.
  if (/^\/lib[^/]*(\/|$)/.test(at)) return true;
  return at === '/' || SYSTEM_TREES.some((tree) => at === tree || at.startsWith(`${tree}/`) || tree.startsWith(`${at}/`));
}

/** Mounts the target's volumes in the debug container: read-only with `ro`, else as the app has them. */
export function planVolumeMounts(target: Pick<V1Container, 'volumeMounts'>, mode: MountMode): VolumePlan {
  const mounts: PlannedMount[] = [];
  const volumeMounts: V1VolumeMount[] = [];
  const taken = new Map<string, V1VolumeMount>();
  const add = (mount: V1VolumeMount) => {
    const existing = taken.get(mount.mountPath);
    // The same volume relocated twice (two subPaths) is one mount, read-write if either is.
    if (existing) {
      if (!mount.readOnly) delete existing.readOnly;
      return;
    }
    taken.set(mount.mountPath, mount);
    volumeMounts.push(mount);
  };
  for (const vm of target.volumeMounts ?? []) {
    const readOnly = mode === 'ro' || vm.readOnly === true;
    const subPath = vm.subPath || vm.subPathExpr || undefined;
    const relocated = subPath !== undefined ? 'subPath' : collidesWithDebugImage(vm.mountPath) ? 'collision' : undefined;
    // subPathExpr is expanded by the kubelet from the app's environment: which directory it names is
    // not known here, so the whole volume is shown and the expression kept for the user to read.
    const debugPath = relocated ? `${RELOCATED_ROOT}/${vm.name}${subPath !== undefined && vm.subPath ? `/${vm.subPath}` : ''}` : normalize(vm.mountPath);
    add({ name: vm.name, mountPath: relocated ? `${RELOCATED_ROOT}/${vm.name}` : normalize(vm.mountPath), ...(readOnly ? { readOnly: true } : {}) });
    mounts.push({
      volume: vm.name,
      appPath: normalize(vm.mountPath),
      ...(subPath !== undefined ? { subPath } : {}),
      debugPath,
      readOnly,
      ...(relocated ? { relocated } : {}),
    });
  }
  return { volumeMounts, mounts };
}

/** One line per mount for the plan and the banner, e.g. `/etc/app -> /run/cg-debug/volumes/cfg/app (subPath app of cfg, read-only)`. */
export function describeMount(m: PlannedMount): string {
  const access = m.readOnly ? 'read-only' : 'read-write';
  if (!m.relocated) return `${m.appPath} (${m.volume}, ${access})`;
  const why = m.relocated === 'subPath' ? `subPath ${m.subPath ?? ''} of ${m.volume}` : `${m.volume}; ${m.appPath} is the debug image's own`;
  return `${m.appPath} -> ${m.debugPath} (${why}, ${access})`;
}
