// doctor's pod checks against the fake API and a fake registry: the debug image it reports is the one
// the session would pick, found by the same lookup (the target's image and the imageID the kubelet pulled).
import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { doctorChecks } from '../../src/cli/doctor-command.js';
import type { Options } from '../../src/cli/options.js';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';
import type { Transport } from '../../src/registry/http.js';
import { APP, fakeApis } from '../session/support/web-pod.js';
import { fetchTransport } from '../support/fetch-transport.js';

const startApi = fakeApis();
const d = (c: string) => `sha256:${c.repeat(64)}`;

/** A registry whose tags point at digests; only the imageID's digest has a tag. */
function registry(tags: Record<string, string>): Transport {
  return fetchTransport(async (input) => {
    const path = new URL(input).pathname;
    if (path.endsWith('/tags/list')) return Response.json({ name: 'a/app', tags: Object.keys(tags) });
    const ref = path.split('/manifests/')[1] ?? '';
    const digest = ref.startsWith('sha256:') ? ref : tags[ref];
    return digest ? new Response('{}', { status: 200, headers: { 'docker-content-digest': digest } }) : new Response(null, { status: 404 });
  });
}

describe('doctor POD: the debug image', () => {
  it('a pinned app is matched by the digest the kubelet pulled, as the session does', async () => {
    // Pinned to an index digest no tag points at; the kubelet pulled the platform manifest 1.25 points at.
    const pod: V1Pod = {
      ...APP,
      spec: { containers: [{ name: 'app', image: `reg.example/a/app@${d('a')}`, securityContext: { runAsUser: 65532 } }] },
      status: { ...APP.status, containerStatuses: [{ name: 'app', image: '', imageID: `reg.example/a/app@${d('b')}`, ready: true, restartCount: 0, state: { running: {} } }] },
    };
    const api = await startApi({ pod });
    const options: Extract<Options, { kind: 'doctor' }> = {
      kind: 'doctor',
      connection: {},
      podArg: { kind: 'pod', name: 'web' },
      mapping: { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/base:1' },
    };
    const { checks } = await doctorChecks(options, new AbortController().signal, () => api.kube, registry({ '1.25': d('b'), '1.25-dev': d('c') }));
    const image = checks.find((c) => c.name === 'debug image');
    expect(image?.detail).toContain(`reg.example/a/app:1.25-dev@${d('c')} exists`);
  });
});
