// --mount-volumes: the target container's volumeMounts, made fit for an ephemeral container. Two things
// stop a plain copy: the API forbids subPath (and subPathExpr) on ephemeral containers, and a volume
// mounted over one of the debug image's own system directories would hide its shell and tools.
import type { V1Container, V1VolumeMount } from '@kubernetes/client-node';

export type MountMode = 'ro' | 'rw';
export const MOUNT_MODES: readonly MountMode[] = ['ro', 'rw'];

/** Where relocated volumes go: the whole volume, one directory per volume name. */
export const RELOCATED_ROOT = '/run/cg-debug/volumes';

// The debug image's directories its shell and tools need, and /tmp (cp's uploads land there and must not
// land in an app's volume). A mount on one of these, or on a parent of one, is relocated.
const PROTECTED = [
  '/bin', '/sbin', '/lib', '/lib64', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/local/bin', '/etc/passwd', '/etc/group',
  '/etc/ld.so.cache', '/etc/ssl', '/dev', '/proc', '/sys', '/tmp', '/home', '/root', '/lib/apk', '/var/lib/db',
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

const normalize = (p: string): string => `/${p.split('/').filter((s) => s !== '' && s !== '.').join('/')}`;

/** True when mounting at `path` would hide a directory the debug image needs. */
export function collidesWithDebugImage(path: string): boolean {
  const at = normalize(path);
  return at === '/' || PROTECTED.some((p) => p === at || p.startsWith(`${at}/`));
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
  const why = m.relocated === 'subPath' ? `subPath ${m.subPath ?? ''} of ${m.volume}` : `${m.volume}; would hide the debug image's own ${m.appPath}`;
  return `${m.appPath} -> ${m.debugPath} (${why}, ${access})`;
}
