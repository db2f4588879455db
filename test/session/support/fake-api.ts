// A small stand-in for the API server, on 127.0.0.1, holding one pod: GET, list and watch of the pod, the
// namespace's Pod Security label, access reviews, the ephemeralcontainers patch, exec over a websocket,
// and what doctor reads (version, webhook lists). It records every request so tests can check what was
// sent and in which order; with `forbid` it plays a role that lacks some permissions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { V1ContainerState, V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../../../src/kube/client.js';
import { localKube } from '../../support/local-kube.js';

export interface FakeSocket {
  send(data: Buffer | string): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
}
interface WsServer {
  on(event: 'connection', listener: (socket: FakeSocket, request: IncomingMessage) => void): void;
  close(): void;
}
const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as { WebSocketServer: new (options: { server: ReturnType<typeof createServer>; handleProtocols: (protocols: Set<string>) => string }) => WsServer };

export interface FakeApiOptions {
  pod: V1Pod;
  /** The namespace's pod-security.kubernetes.io/enforce label; absent: no label. */
  enforce?: string;
  /** Access review answers by `verb subresource`, e.g. `create exec`; absent: allowed. */
  denied?: string[];
  /**
   * A role without these permissions (`verb resource[/subresource]`, as core/permissions.ts names them):
   * their access reviews are denied and the requests they govern answered 403, as RBAC would.
   */
  forbid?: string[];
  /** How a new ephemeral container goes after the patch: the states it passes through, in order. */
  states?: V1ContainerState[];
  /** Requests read and never answered, as from a server that hangs: the pod's GET, the patch. */
  hold?: ('get pod' | 'patch')[];
  /** Answers an exec websocket. */
  onExec?: (socket: FakeSocket, url: URL) => void;
  /** How a pod create (`--copy`) is answered: the API server's Status for a refusal; absent: created. */
  createRefusal?: { code: number; message: string };
}

export interface FakeApi {
  kube: Kube;
  /** `METHOD path` of every request, in order (watches as `WATCH path`). */
  log: string[];
  /** The bodies of the ephemeralcontainers patches, as sent, with their content types. */
  patches: { contentType: string | undefined; body: unknown }[];
  /** Pod creates (`--copy`), as sent, and whether each was a server-side dry run. */
  creates: { dryRun: boolean; body: V1Pod }[];
  pod: () => V1Pod;
  close: () => void;
}

export const frame = (channel: number, text: string): Buffer => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export async function fakeApi(options: FakeApiOptions): Promise<FakeApi> {
  let version = 1;
  let pod: V1Pod = { ...structuredClone(options.pod), metadata: { ...options.pod.metadata, resourceVersion: String(version) } };
  const namespace = pod.metadata?.namespace ?? 'shop';
  const creates: FakeApi['creates'] = [];
  const copies: V1Pod[] = [];
  const name = pod.metadata?.name ?? 'app';
  const podPath = `/api/v1/namespaces/${namespace}/pods/${name}`;
  const log: string[] = [];
  const patches: FakeApi['patches'] = [];
  const watchers = new Set<ServerResponse>();

  const publish = (): void => {
    for (const res of watchers) res.write(`${JSON.stringify({ type: 'MODIFIED', object: pod })}\n`);
  };
  const setState = (container: string, state: V1ContainerState): void => {
    const status = { name: container, image: '', imageID: '', ready: false, restartCount: 0, state };
    const others = (pod.status?.ephemeralContainerStatuses ?? []).filter((s) => s.name !== container);
    pod = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++version) }, status: { ...pod.status, ephemeralContainerStatuses: [...others, status] } };
    publish();
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const forbidden = (permission: string): boolean => {
        if (!(options.forbid ?? []).includes(permission)) return false;
        json(403, { kind: 'Status', code: 403, reason: 'Forbidden', message: `forbidden: cannot ${permission}`, details: {} });
        return true;
      };
      if (url.searchParams.get('watch') === 'true') {
        if (forbidden('watch pods')) return;
        log.push(`WATCH ${url.pathname}`);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        watchers.add(res);
        req.on('close', () => watchers.delete(res));
        // A watch from an older version first gets what changed since (here: the pod as it is now).
        if (Number(url.searchParams.get('resourceVersion') ?? version) < version) res.write(`${JSON.stringify({ type: 'MODIFIED', object: pod })}\n`);
        return;
      }
      log.push(`${req.method} ${url.pathname}`);
      const body = await readBody(req);
      if (req.method === 'GET' && url.pathname === podPath && forbidden('get pods')) return;
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${namespace}/pods` && forbidden('list pods')) return;
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${namespace}` && forbidden('get namespaces')) return;
      if (req.method === 'PATCH' && url.pathname === `${podPath}/ephemeralcontainers` && forbidden('patch pods/ephemeralcontainers')) return;
      if (req.method === 'GET' && url.pathname === '/version') return json(200, { major: '1', minor: '34', gitVersion: 'v1.34.0' });
      if (req.method === 'GET' && /^\/apis\/admissionregistration\.k8s\.io\/v1\/(mutating|validating)webhookconfigurations$/.test(url.pathname)) {
        return json(200, { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'List', metadata: {}, items: [] });
      }
      if (req.method === 'GET' && url.pathname === podPath) return options.hold?.includes('get pod') ? undefined : json(200, pod);
      // The pod by name (a session's wait) or among the running pods (the picker's list).
      const selector = url.searchParams.get('fieldSelector');
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${namespace}/pods` && (selector === `metadata.name=${name}` || selector === 'status.phase=Running')) {
        return json(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(version) }, items: [pod] });
      }
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${namespace}/pods` && url.searchParams.get('labelSelector') === 'cg-debug.dev/copy=true') {
        return json(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(version) }, items: copies });
      }
      const copyName = url.pathname.startsWith(`/api/v1/namespaces/${namespace}/pods/`) ? url.pathname.split('/').at(-1) : undefined;
      const copyAt = copies.findIndex((c) => c.metadata?.name === copyName);
      if (copyName !== undefined && copyName !== name && (req.method === 'GET' || req.method === 'DELETE')) {
        if (copyAt === -1) return json(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `pods "${copyName}" not found`, details: { name: copyName, kind: 'pods' } });
        const [found] = req.method === 'DELETE' ? copies.splice(copyAt, 1) : [copies[copyAt]];
        return json(200, found);
      }
      if (req.method === 'POST' && url.pathname === `/api/v1/namespaces/${namespace}/pods`) {
        const created = JSON.parse(body) as V1Pod;
        const dryRun = url.searchParams.get('dryRun') === 'All';
        creates.push({ dryRun, body: created });
        if (options.createRefusal) {
          const { code, message } = options.createRefusal;
          return json(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason: code === 403 ? 'Forbidden' : 'Invalid', message });
        }
        if (!dryRun) copies.push({ ...created, status: { phase: 'Pending' } });
        return json(201, created);
      }
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${namespace}`) {
        return json(200, { metadata: { name: namespace, labels: options.enforce ? { 'pod-security.kubernetes.io/enforce': options.enforce } : {} } });
      }
      if (req.method === 'POST' && url.pathname === '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews') {
        const attributes = (JSON.parse(body) as { spec: { resourceAttributes: { verb: string; resource: string; subresource?: string } } }).spec.resourceAttributes;
        const permission = `${attributes.verb} ${attributes.resource}${attributes.subresource ? `/${attributes.subresource}` : ''}`;
        const allowed = !(options.denied ?? []).includes(`${attributes.verb} ${attributes.subresource ?? ''}`.trim()) && !(options.forbid ?? []).includes(permission);
        return json(201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {}, status: { allowed, denied: !allowed } });
      }
      if (req.method === 'PATCH' && url.pathname === `${podPath}/ephemeralcontainers`) {
        if (options.hold?.includes('patch')) return;
        const patch = JSON.parse(body) as { spec: { ephemeralContainers: V1EphemeralContainer[] } };
        patches.push({ contentType: req.headers['content-type'], body: patch });
        const added = patch.spec.ephemeralContainers;
        pod = { ...pod, spec: { ...pod.spec, containers: pod.spec?.containers ?? [], ephemeralContainers: [...(pod.spec?.ephemeralContainers ?? []), ...added] } };
        // The kubelet may report before the patch is answered: the first state comes first.
        const [first, ...rest] = options.states ?? [{ running: { startedAt: new Date() } }];
        if (first) for (const c of added) setState(c.name, first);
        await new Promise((resolve) => setTimeout(resolve, 30));
        json(200, pod);
        for (const state of rest) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          for (const c of added) setState(c.name, state);
        }
        return;
      }
      json(404, { kind: 'Status', code: 404, reason: 'NotFound', message: `${url.pathname} not found`, details: {} });
    })();
  });
  const ws = new WebSocketServer({ server, handleProtocols: (protocols: Set<string>) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : 'v4.channel.k8s.io') });
  ws.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', 'http://x');
    log.push(`EXEC ${url.pathname}`);
    if ((options.forbid ?? []).some((p) => p.startsWith('create pods/') && url.pathname.endsWith(p.slice('create pods'.length)))) return socket.close(1008);
    options.onExec?.(socket, url);
  });
  const kube = await localKube(server, namespace, 't');
  return {
    kube,
    log,
    patches,
    creates,
    pod: () => pod,
    close: () => {
      for (const res of watchers) res.end();
      server.closeAllConnections();
      ws.close();
      server.close();
    },
  };
}
