import { describe, expect, it } from 'vitest';
import type { V1EphemeralContainer } from '@kubernetes/client-node';
import { checkCustomSpec, withCustomSpec } from '../../src/core/custom-spec.js';
import { expectText, usageErrorOf } from '../support/usage-error.js';

describe('checkCustomSpec', () => {
  it.each([
    { name: 'env and mounts', input: { env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'data', mountPath: '/data' }] } },
    { name: 'working directory and pull policy', input: { workingDir: '/tmp', imagePullPolicy: 'Always' } },
    { name: 'the securityContext fields no profile decides', input: { securityContext: { readOnlyRootFilesystem: true, seLinuxOptions: { level: 's0' } } } },
    { name: 'nothing', input: {} },
  ])('accepts $name', ({ input }) => {
    expect(checkCustomSpec(input, 'f.yaml')).toEqual(input);
  });

  it.each([
    { name: 'the name', input: { name: 'x' }, want: 'f.yaml: name is cg-debug\'s to set', hint: 'use -c NAME' },
    { name: 'the image', input: { image: 'x' }, want: "f.yaml: image is cg-debug's to set", hint: 'use --image IMAGE' },
    { name: 'the command', input: { command: ['sh'] }, want: "f.yaml: command is cg-debug's to set", hint: /-- COMMAND/ },
    { name: 'args', input: { args: ['x'] }, want: "f.yaml: args is cg-debug's to set", hint: /-- COMMAND/ },
    { name: 'stdin', input: { stdin: false }, want: "f.yaml: stdin is cg-debug's to set", hint: /holder/ },
    { name: 'tty', input: { tty: true }, want: "f.yaml: tty is cg-debug's to set", hint: /exec/ },
    { name: 'the target', input: { targetContainerName: 'x' }, want: "f.yaml: targetContainerName is cg-debug's to set", hint: /--target/ },
    { name: 'privileged', input: { securityContext: { privileged: true } }, want: 'f.yaml: securityContext.privileged is decided by the profile', hint: /--profile/ },
    { name: 'capabilities', input: { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }, want: 'f.yaml: securityContext.capabilities is decided by the profile', hint: /--profile/ },
    { name: 'runAsUser', input: { securityContext: { runAsUser: 0 } }, want: 'f.yaml: securityContext.runAsUser is decided by the profile', hint: /--as-root/ },
    { name: 'resources', input: { resources: { limits: { cpu: '1' } } }, want: 'f.yaml: resources is not allowed in an ephemeral container', hint: /--custom may set env/ },
    { name: 'ports', input: { ports: [{ containerPort: 80 }] }, want: 'f.yaml: ports is not allowed in an ephemeral container', hint: /./ },
    { name: 'a typo', input: { evn: [] }, want: 'f.yaml: unknown or unsupported container field "evn"', hint: /env/ },
    { name: 'a list that is not one', input: { env: { A: '1' } }, want: 'f.yaml: env must be a list of mappings', hint: /./ },
    { name: 'an env without a name', input: { env: [{ value: '1' }] }, want: 'f.yaml: env[0] has no name', hint: /./ },
    { name: 'a mount without a path', input: { volumeMounts: [{ name: 'x' }] }, want: 'f.yaml: volumeMounts[0] needs name and mountPath', hint: /./ },
    { name: 'a list document', input: [{ env: [] }], want: /^f\.yaml: a partial container spec is a mapping/, hint: /./ },
  ])('refuses $name, by name', ({ input, want, hint }) => {
    const error = usageErrorOf(() => checkCustomSpec(input, 'f.yaml'));
    expectText(error.message, want);
    expectText(error.hint, hint);
  });
});

describe('withCustomSpec', () => {
  const built: V1EphemeralContainer = {
    name: 'cg-debug-abcde',
    image: 'reg/app:1-dev',
    command: ['holder'],
    stdin: true,
    targetContainerName: 'app',
    securityContext: { runAsUser: 65532, runAsNonRoot: true },
    volumeMounts: [{ name: 'data', mountPath: '/proc/1/root-mounts/data', readOnly: true }],
  };
  it.each([
    { name: 'no spec: unchanged', input: undefined, want: built },
    {
      name: 'lists appended, scalars set, the profile keeps its securityContext fields',
      input: { env: [{ name: 'A', value: '1' }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }], workingDir: '/tmp', securityContext: { readOnlyRootFilesystem: true } },
      want: {
        ...built,
        env: [{ name: 'A', value: '1' }],
        volumeMounts: [...(built.volumeMounts ?? []), { name: 'cache', mountPath: '/cache' }],
        workingDir: '/tmp',
        securityContext: { readOnlyRootFilesystem: true, runAsUser: 65532, runAsNonRoot: true },
      },
    },
  ])('$name', ({ input, want }) => {
    expect(withCustomSpec(built, input)).toEqual(want);
  });
});
