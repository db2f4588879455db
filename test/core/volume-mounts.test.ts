import { describe, expect, it } from 'vitest';
import { collidesWithDebugImage, describeMount, planVolumeMounts, type VolumePlan } from '../../src/core/volume-mounts.js';

describe('planVolumeMounts', () => {
  it.each<{ name: string; input: Parameters<typeof planVolumeMounts>; want: VolumePlan }>([
    { name: 'no mounts', input: [{}, 'ro'], want: { volumeMounts: [], mounts: [] } },
    {
      name: 'a plain mount, read-only by default',
      input: [{ volumeMounts: [{ name: 'cache', mountPath: '/var/cache/app' }] }, 'ro'],
      want: {
        volumeMounts: [{ name: 'cache', mountPath: '/var/cache/app', readOnly: true }],
        mounts: [{ volume: 'cache', appPath: '/var/cache/app', debugPath: '/var/cache/app', readOnly: true }],
      },
    },
    {
      name: 'rw keeps a read-only mount read-only',
      input: [{ volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b/', readOnly: true }] }, 'rw'],
      want: {
        volumeMounts: [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b', readOnly: true }],
        mounts: [
          { volume: 'a', appPath: '/a', debugPath: '/a', readOnly: false },
          { volume: 'b', appPath: '/b', debugPath: '/b', readOnly: true },
        ],
      },
    },
    {
      name: 'a subPath mount is the whole volume under /run/cg-debug/volumes (the API forbids subPath here)',
      input: [{ volumeMounts: [{ name: 'cache', mountPath: '/etc/app-state', subPath: 'state', readOnly: true }] }, 'rw'],
      want: {
        volumeMounts: [{ name: 'cache', mountPath: '/run/cg-debug/volumes/cache', readOnly: true }],
        mounts: [{ volume: 'cache', appPath: '/etc/app-state', subPath: 'state', debugPath: '/run/cg-debug/volumes/cache/state', readOnly: true, relocated: 'subPath' }],
      },
    },
    {
      name: 'a mount over the debug image own /etc or /tmp is relocated; two subPaths of one volume are one mount',
      input: [
        {
          volumeMounts: [
            { name: 'etc', mountPath: '/etc' },
            { name: 'scratch', mountPath: '/tmp' },
            { name: 'cfg', mountPath: '/app/a.conf', subPath: 'a.conf' },
            { name: 'cfg', mountPath: '/app/b.conf', subPath: 'b.conf' },
          ],
        },
        'ro',
      ],
      want: {
        volumeMounts: [
          { name: 'etc', mountPath: '/run/cg-debug/volumes/etc', readOnly: true },
          { name: 'scratch', mountPath: '/run/cg-debug/volumes/scratch', readOnly: true },
          { name: 'cfg', mountPath: '/run/cg-debug/volumes/cfg', readOnly: true },
        ],
        mounts: [
          { volume: 'etc', appPath: '/etc', debugPath: '/run/cg-debug/volumes/etc', readOnly: true, relocated: 'collision' },
          { volume: 'scratch', appPath: '/tmp', debugPath: '/run/cg-debug/volumes/scratch', readOnly: true, relocated: 'collision' },
          { volume: 'cfg', appPath: '/app/a.conf', subPath: 'a.conf', debugPath: '/run/cg-debug/volumes/cfg/a.conf', readOnly: true, relocated: 'subPath' },
          { volume: 'cfg', appPath: '/app/b.conf', subPath: 'b.conf', debugPath: '/run/cg-debug/volumes/cfg/b.conf', readOnly: true, relocated: 'subPath' },
        ],
      },
    },
  ])('$name', ({ input, want }) => {
    expect(planVolumeMounts(...input)).toEqual(want);
  });
});

describe('the review reproduction (N3)', () => {
  it('a configMap at /usr/local/sbin and an emptyDir at /etc/apk, rw, are both relocated', () => {
    const plan = planVolumeMounts({ volumeMounts: [{ name: 'trap', mountPath: '/usr/local/sbin' }, { name: 'keys', mountPath: '/etc/apk' }] }, 'rw');
    expect(plan.volumeMounts).toEqual([
      { name: 'trap', mountPath: '/run/cg-debug/volumes/trap' },
      { name: 'keys', mountPath: '/run/cg-debug/volumes/keys' },
    ]);
    expect(plan.mounts.map(describeMount)).toEqual([
      "/usr/local/sbin -> /run/cg-debug/volumes/trap (trap; /usr/local/sbin is the debug image's own, read-write)",
      "/etc/apk -> /run/cg-debug/volumes/keys (keys; /etc/apk is the debug image's own, read-write)",
    ]);
  });
});

describe('collidesWithDebugImage', () => {
  it.each([
    { name: 'the root', input: '/', want: true },
    { name: '/usr hides /usr/bin', input: '/usr', want: true },
    { name: '/usr/bin itself', input: '/usr/bin/', want: true },
    { name: '/var hides the debug image SBOMs', input: '/var', want: true },
    // N3: a tenant volume on the debug image's PATH, library, apk or config directories would choose
    // what the operator's shell runs (its sh, its libraries, apk's repositories and keys).
    { name: '/usr/local/sbin: first on the -dev images PATH', input: '/usr/local/sbin', want: true },
    { name: '/etc/apk: apk repositories and keys', input: '/etc/apk', want: true },
    { name: '/etc/apk/keys', input: '/etc/apk/keys/', want: true },
    { name: '/usr/lib64 (a symlink in some images)', input: '/usr/lib64', want: true },
    { name: '/usr/libexec', input: '/usr/libexec', want: true },
    { name: '/usr/local/lib', input: '/usr/local/lib', want: true },
    { name: '/etc/profile.d', input: '/etc/profile.d', want: true },
    { name: '/usr/share', input: '/usr/share/nginx/html', want: true },
    { name: '/var/lib/apk', input: '/var/lib/apk', want: true },
    { name: '/opt', input: '/opt/tools/bin', want: true },
    { name: 'any /lib* at the root', input: '/libx32/x', want: true },
    { name: '/var/run: a symlink to /run', input: '/var/run/app', want: true },
    { name: 'the relocation root itself', input: '/run/cg-debug/volumes/x', want: true },
    { name: 'dot-dot segments are applied first, as the runtime does', input: '/srv/./../usr/./bin', want: true },
    { name: 'a directory under /etc', input: '/etc/app-state', want: true },
    { name: 'an app cache', input: '/var/cache/app', want: false },
    { name: 'an app directory', input: '/srv/www', want: false },
    { name: 'an app log directory', input: '/var/log/app', want: false },
    { name: 'a directory under /run', input: '/run/secrets/db', want: false },
  ])('$name', ({ input, want }) => {
    expect(collidesWithDebugImage(input)).toBe(want);
  });
});

describe('describeMount', () => {
  it.each([
    { name: 'in place', input: planVolumeMounts({ volumeMounts: [{ name: 'c', mountPath: '/c' }] }, 'rw').mounts[0], want: '/c (c, read-write)' },
    {
      name: 'relocated',
      input: planVolumeMounts({ volumeMounts: [{ name: 'c', mountPath: '/etc' }] }, 'ro').mounts[0],
      want: "/etc -> /run/cg-debug/volumes/c (c; /etc is the debug image's own, read-only)",
    },
  ])('$name', ({ input, want }) => {
    if (input === undefined) throw new Error('no mount planned');
    expect(describeMount(input)).toBe(want);
  });
});
