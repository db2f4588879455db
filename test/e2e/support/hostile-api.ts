// A Kubernetes API stand-in on 127.0.0.1 that serves what a real API server would refuse to store
// but a compromised or malicious one can send: escape sequences and shell metacharacters in names,
// images, Status messages and kubelet messages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Retitles the terminal, clears it, writes the clipboard (OSC 52), 8-bit CSI, a bidi override. */
export const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007\u009b31m\u202e';

/** Names that run `touch MARKER` if a shell ever evaluates them. */
export function shellBombs(marker: string): string[] {
  return [`$(touch ${marker})`, `\`touch ${marker}\``, `x;touch ${marker}`, `w-$(touch ${marker})`, '*'];
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }));
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const RUNNING = { running: { startedAt: '2026-01-01T00:00:00Z' } };

function pod(name: string, image: string, ephemeral: { name: string; waiting?: { reason: string; message: string } }[] = []) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop', uid: `u-${name}`, resourceVersion: '1', annotations: { note: HOSTILE } },
    spec: {
      nodeName: `node${HOSTILE}`,
      containers: [{ name: 'app', image, securityContext: { runAsUser: 65532 } }],
      ephemeralContainers: ephemeral.map((e) => ({ name: e.name, image: 'cgr.dev/chainguard/nginx:1.25-dev', targetContainerName: 'app', stdin: true, tty: true })),
    },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', image, imageID: '', ready: true, restartCount: 0, state: RUNNING }],
      ephemeralContainerStatuses: ephemeral.map((e) => ({
        name: e.name,
        image: 'cgr.dev/chainguard/nginx:1.25-dev',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: e.waiting ? { waiting: e.waiting } : RUNNING,
      })),
    },
  };
}

/** `dbg-1`: a running debug container planted under a hostile name, with a hostile image (ls, stop). */
function debugged() {
  const base = pod('dbg-1', 'cgr.dev/chainguard/nginx:1.25', [{ name: `cg-debug-zz${HOSTILE}` }]);
  return { ...base, metadata: { ...base.metadata, uid: 'u-2' }, status: { ...base.status, ephemeralContainerStatuses: base.status.ephemeralContainerStatuses.map((s) => ({ ...s, image: `cgr.dev/chainguard/nginx:1.25-dev${HOSTILE}` })) } };
}

/** `crash`: on a node with hostile facts, its app container crash-looping with a hostile reason (doctor). */
function crashing() {
  const base = pod('crash', 'cgr.dev/chainguard/nginx:1.25');
  const waiting = { waiting: { reason: `CrashLoopBackOff${HOSTILE}`, message: `back-off ${HOSTILE}` } };
  return {
    ...base,
    spec: { ...base.spec, nodeName: 'node-1' },
    status: { ...base.status, containerStatuses: base.status.containerStatuses.map((s) => ({ ...s, ready: false, restartCount: 3, state: waiting })) },
  };
}

export interface HostileApi {
  url: string;
  kubeconfig: string;
  close(): Promise<void>;
}

/**
 * doctor's reads (version, access reviews, webhooks, node `node-1`) carry escapes. Pods in namespace
 * `shop`: `crash` (crash-looping on node-1), `dbg-1` (a planted debug container), `gone` (404), `denied` (403 naming a hostile user), `badimage` (an image
 * with escapes), `renamed` (answered with a hostile name), `web` (its patch is refused with a hostile
 * message), `pull` (the patch succeeds, then the kubelet reports ErrImagePull with a hostile message;
 * exec and attach are refused for a hostile user).
 */
export async function startHostileApi(dir: string, marker: string): Promise<HostileApi> {
  const patched = new Set<string>();
  // Open watches by pod name: a patch is sent to them as a real API server would, whether the watch
  // started before or after it.
  const watches = new Map<string, Set<ServerResponse>>();
  // `pull` after its patch: the kubelet cannot pull the debug image, and says so with escapes.
  const current = (name: string) =>
    pod(name, 'cgr.dev/chainguard/nginx:1.25', patched.has(name) ? [{ name: 'cg-debug-pull1', waiting: { reason: 'ErrImagePull', message: `failed to pull ${HOSTILE}: $(touch ${marker})` } }] : []);
  // The kubelet's message reached a watch of `pull`: its exec is refused only after that (and a moment
  // more, for the client to read it), so the run prints the message before the refusal ends it.
  let told: () => void = () => undefined;
  const kubeletMessageSent = new Promise<void>((resolve) => (told = resolve));
  const sendTo = (watch: ServerResponse, name: string): void => {
    watch.write(`${JSON.stringify({ type: 'MODIFIED', object: current(name) })}\n`);
    if (name === 'pull' && patched.has(name)) told();
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (url.searchParams.get('watch') === 'true') {
      // The wait's watch: the pod as it is now, then an open stream.
      const watched = /metadata\.name=([^,]+)/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
      res.writeHead(200, { 'content-type': 'application/json' });
      // The picker's watch of the namespace: an open stream, nothing changes.
      if (watched !== undefined) {
        sendTo(res, watched);
        const open = watches.get(watched) ?? new Set<ServerResponse>();
        watches.set(watched, open.add(res));
        res.on('close', () => open.delete(res));
      }
      return;
    }
    // doctor's reads: the version, access reviews, webhooks and the node, each carrying escapes.
    if (p === '/version') return json(res, { major: '1', minor: '31', gitVersion: `v1.31.0${HOSTILE}`, platform: `linux/amd64${HOSTILE}` });
    if (p === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
      // Everything is allowed but attach, which is denied with a hostile reason.
      const attach = /"subresource":"attach"/.test(body);
      return json(res, { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', spec: {}, status: { allowed: !attach, reason: `by ${HOSTILE}` } });
    }
    if (/^\/apis\/admissionregistration\.k8s\.io\/v1\/(mutating|validating)webhookconfigurations$/.test(p)) {
      const rules = [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/ephemeralcontainers'] }];
      return json(res, { kind: 'List', apiVersion: 'admissionregistration.k8s.io/v1', metadata: {}, items: [{ metadata: { name: `hook${HOSTILE}` }, webhooks: [{ name: `w${HOSTILE}.example.com`, failurePolicy: `Fail${HOSTILE}`, rules }] }] });
    }
    if (p === '/api/v1/nodes/node-1') {
      return json(res, { kind: 'Node', apiVersion: 'v1', metadata: { name: 'node-1' }, status: { nodeInfo: { osImage: `Linux${HOSTILE}`, containerRuntimeVersion: `containerd://1.7${HOSTILE}`, kubeletVersion: `v1.31.0${HOSTILE}`, operatingSystem: 'linux', architecture: 'amd64' } } });
    }
    if (p === '/api/v1/namespaces') {
      return json(res, { kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: ['shop', `ns${HOSTILE}`, ...shellBombs(marker)].map((name) => ({ metadata: { name } })) });
    }
    if (p === '/api/v1/namespaces/shop') return json(res, { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': `baseline${HOSTILE}` } } });
    if (p === '/api/v1/namespaces/shop/pods') {
      // The wait's list of its one pod: the pod as it is now.
      const one = /^metadata\.name=(.+)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
      if (one !== undefined) return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [current(one)] });
      const names = ['web-1', `evil${HOSTILE}`, ...shellBombs(marker)];
      return json(res, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [...names.map((name) => pod(name, 'cgr.dev/chainguard/nginx:1.25')), debugged()] });
    }
    // exec and attach are refused, naming a hostile user: the WebSocket upgrade gets a Status back.
    const refused = /^\/api\/v1\/namespaces\/shop\/pods\/([^/]+)\/(exec|attach)$/.exec(p);
    if (refused) {
      const refuse = () => status(res, 403, 'Forbidden', `pods "x" is forbidden: User "eve${HOSTILE}" cannot create resource "pods/exec"`);
      if (refused[1] !== 'pull') return refuse();
      // At the latest after 2 s: an exec into `pull` without a patch is refused all the same.
      void Promise.race([kubeletMessageSent, new Promise((resolve) => setTimeout(resolve, 2_000))]).then(() => setTimeout(refuse, 50));
      return;
    }
    const match = /^\/api\/v1\/namespaces\/shop\/pods\/([^/]+)(\/ephemeralcontainers)?$/.exec(p);
    if (!match) return status(res, 404, 'NotFound', `the server could not find ${HOSTILE}`);
    const [, name = '', sub] = match;
    if (name === 'gone') return status(res, 404, 'NotFound', `pods "gone${HOSTILE}" not found`);
    if (name === 'denied') return status(res, 403, 'Forbidden', `pods "denied" is forbidden: User "eve${HOSTILE}" cannot get resource "pods" in API group "" in the namespace "shop"`);
    if (name === 'badimage') return json(res, pod('badimage', `cgr.dev/chainguard/nginx:1.25${HOSTILE}`));
    if (name === 'renamed') return json(res, { ...pod('renamed', 'cgr.dev/chainguard/nginx:1.25'), metadata: { ...pod('renamed', '').metadata, name: `web${HOSTILE}` } });
    if (name === 'web') {
      if (sub) return status(res, 422, 'Invalid', `Pod "web${HOSTILE}" is invalid: spec.ephemeralContainers[0].image: Invalid value: "${HOSTILE}"`);
      return json(res, pod('web', 'cgr.dev/chainguard/nginx:1.25'));
    }
    if (name === 'dbg-1') return json(res, debugged());
    if (name === 'crash') return json(res, crashing());
    if (name === 'pull') {
      if (sub && req.method === 'PATCH') {
        patched.add(name);
        for (const watch of watches.get(name) ?? []) sendTo(watch, name);
      }
      return json(res, current(name));
    }
    return status(res, 404, 'NotFound', `pods "${name}${HOSTILE}" not found`);
  };
  const server: Server = createServer((req, res) => {
    // Bodies are read whole: only the access reviews' matter.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: hostile, cluster: {server: "' + url + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: hostile, context: {cluster: hostile, user: u, namespace: shop}}]',
      'current-context: hostile',
      '',
    ].join('\n'),
  );
  return { url, kubeconfig, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
