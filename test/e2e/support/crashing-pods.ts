// Pods that cannot run, for `--copy`: the app's command needs /etc/app/app.conf, which is missing, and
// the app says so only inside (its own error, on stderr, then exit 1: CrashLoopBackOff). One in a
// baseline and one in a restricted namespace of their own (`cluster.sh up` waits for every fixture
// pod to run, and other tests list the shared namespaces' pods), and one that mounts a ReadWriteOnce
// claim. No controller-manager runs: the namespaces are emptied and finalized by hand.
import { IMAGES, kubectl, NODE_NAME } from './cluster.js';

export const COPY_NS = 'cg-e2e-copy';
export const COPY_RESTRICTED_NS = 'cg-e2e-copy-restricted';
export const CRASH_POD = 'crash';
export const CLAIM_POD = 'claimed';
export const CLAIM = 'data';
/** The app's own words when the file is missing, and once it has read it. */
export const APP_ERROR = 'cg-fixture-app: cannot start without its config: open /etc/app/app.conf: no such file or directory';
export const APP_STARTED = 'cg-fixture-app read its config /etc/app/app.conf';
export const APP_ARGV = ['/usr/bin/cg-fixture-app', '--config', '/etc/app/app.conf'];

function crashPod(namespace: string, restricted: boolean, owner?: { name: string; uid: string }): string {
  const podSc = restricted ? '\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}' : '';
  const sc = restricted ? '\n      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}' : '';
  const owners = owner ? `\n  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: ${owner.name}, uid: ${owner.uid}}]` : '';
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${CRASH_POD}
  namespace: ${namespace}
  labels: {app: crash, tier: web}${owners}
spec:
  nodeName: ${NODE_NAME}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1${podSc}
  containers:
    - name: app
      image: ${IMAGES.app}
      command: [${APP_ARGV.join(', ')}]
      workingDir: /app
      env: [{name: CG_FIXTURE_ADDR, value: ":8090"}]
      livenessProbe: {httpGet: {path: /, port: 8090}, periodSeconds: 5}
      readinessProbe: {httpGet: {path: /, port: 8090}}
      volumeMounts: [{name: config, mountPath: /etc/app}]${sc}
  volumes: [{name: config, emptyDir: {}}]
`;
}

function namespaceYaml(name: string, level: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: {pod-security.kubernetes.io/enforce: ${level}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ${name}}
`;
}

const CLAIM_YAML = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${CLAIM}, namespace: ${COPY_NS}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  resources: {requests: {storage: 1Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: ${CLAIM_POD}, namespace: ${COPY_NS}}
spec:
  nodeName: ${NODE_NAME}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1
  containers:
    - name: app
      image: ${IMAGES.app}
      volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${CLAIM}}}]
`;

async function deleteNamespace(kubeconfig: string, ns: string): Promise<void> {
  const { stdout } = await kubectl(['get', 'namespace', ns, '-o', 'json', '--ignore-not-found'], { kubeconfig });
  if (String(stdout).trim() === '') return;
  await kubectl(['delete', 'pods,pvc,configmaps,serviceaccounts', '--all', '-n', ns, '--grace-period=0', '--force', '--wait=false'], { kubeconfig, reject: false });
  await kubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig, reject: false });
  const current = JSON.parse(String((await kubectl(['get', 'namespace', ns, '-o', 'json'], { kubeconfig })).stdout)) as object;
  await kubectl(['replace', '--raw', `/api/v1/namespaces/${ns}/finalize`, '-f', '-'], { kubeconfig, input: JSON.stringify({ ...current, spec: { finalizers: [] } }) });
}

/** Creates both namespaces with their crashing pods (the baseline one owned by a ConfigMap) and the claimed pod. */
export async function createCrashingPods(kubeconfig: string): Promise<void> {
  await removeCrashingPods(kubeconfig);
  await kubectl(['apply', '-f', '-'], { kubeconfig, input: `${namespaceYaml(COPY_NS, 'baseline')}---\n${namespaceYaml(COPY_RESTRICTED_NS, 'restricted')}` });
  const owner = await kubectl(['create', 'configmap', 'crash-owner', '-n', COPY_NS, '-o', 'jsonpath={.metadata.uid}'], { kubeconfig });
  const pods = [crashPod(COPY_NS, false, { name: 'crash-owner', uid: String(owner.stdout) }), crashPod(COPY_RESTRICTED_NS, true), CLAIM_YAML];
  await kubectl(['apply', '-f', '-'], { kubeconfig, input: pods.join('---\n') });
  // Crashing for real: the app has run and failed at least once.
  for (const ns of [COPY_NS, COPY_RESTRICTED_NS]) {
    await kubectl(['wait', '-n', ns, `pod/${CRASH_POD}`, '--for=jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}=1', '--timeout=60s'], {
      kubeconfig,
      timeoutMs: 90_000,
    });
  }
}

export async function removeCrashingPods(kubeconfig: string): Promise<void> {
  await deleteNamespace(kubeconfig, COPY_NS);
  await deleteNamespace(kubeconfig, COPY_RESTRICTED_NS);
}
