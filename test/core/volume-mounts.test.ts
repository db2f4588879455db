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

describe('collidesWithDebugImage', () => {
  it.each([
    { name: 'the root', input: '/', want: true },
    { name: '/usr hides /usr/bin', input: '/usr', want: true },
    { name: '/usr/bin itself', input: '/usr/bin/', want: true },
    { name: '/var hides the debug image SBOMs', input: '/var', want: true },
    { name: 'a directory under /etc', input: '/etc/app-state', want: false },
    { name: 'an app directory', input: '/usr/share/nginx/html', want: false },
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
      want: "/etc -> /run/cg-debug/volumes/c (c; would hide the debug image's own /etc, read-only)",
    },
  ])('$name', ({ input, want }) => {
    if (input === undefined) throw new Error('no mount planned');
    expect(describeMount(input)).toBe(want);
  });
});
