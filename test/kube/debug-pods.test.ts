// `cg-debug ls POD` and `stop POD` look the pod up by the one rule (findPod, not running required): the
// pod argument is parsed once by the options and carried, so `web` and `pod/web` name the same pod, and
// a finished pod still shows (and stops) its debug containers whichever way it is written.
import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { toOptions } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { debugPods } from '../../src/kube/debug-pods.js';
import { APP, fakeApis } from '../session/support/web-pod.js';

const startApi = fakeApis();

/** web after its app exited, still holding a debug container that ended with it. */
const FINISHED: V1Pod = {
  ...APP,
  spec: { ...APP.spec, containers: APP.spec?.containers ?? [], ephemeralContainers: [{ name: 'cg-debug-abcde', image: 'reg.example/base:1', targetContainerName: 'app' }] },
  status: {
    phase: 'Succeeded',
    containerStatuses: [{ name: 'app', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    ephemeralContainerStatuses: [{ name: 'cg-debug-abcde', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: 'Error' } } }],
  },
};

function lsPodArg(line: string) {
  const options = toOptions(parseArgv(line.split(' ')), { stdoutIsTTY: false, stdinIsTTY: false });
  if (options.kind !== 'ls' || options.podArg === undefined) throw new Error(`${line} is not ls of a pod`);
  return options.podArg;
}

describe('ls of a finished pod', () => {
  it.each([
    { name: 'by name', input: 'ls web' },
    { name: 'as pod/NAME', input: 'ls pod/web' },
    { name: 'as pods/NAME', input: 'ls pods/web' },
  ])('$name finds it', async ({ input }) => {
    const api = await startApi({ pod: FINISHED });
    const pods = await debugPods(api.kube, { pod: lsPodArg(input), namespace: 'shop' });
    expect(pods.map((p) => `${p.metadata?.name} ${p.status?.phase}`)).toEqual(['web Succeeded']);
  });
});
