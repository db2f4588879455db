// The facts `cg-debug doctor` judges, read from the API: version, access reviews, node, webhooks.
// Each read has the request deadline; a read that is forbidden answers undefined (the check says so).
import { AdmissionregistrationV1Api, VersionApi, type V1NodeSystemInfo } from '@kubernetes/client-node';
import type { WebhookConfig } from '../core/doctor.js';
import { ForbiddenError } from '../core/errors.js';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { REQUEST_TIMEOUT_MS, requestOptions } from './request-options.js';

function mapped(kube: Kube, verb: string, resource: string, signal: AbortSignal, error: unknown) {
  return toKubeError(error, { verb, resource, server: kube.server, context: kube.context, signal, timeoutMs: REQUEST_TIMEOUT_MS });
}

/** The API server's version (GET /version); throws the mapped error when it cannot be reached. */
export async function serverVersion(kube: Kube, signal: AbortSignal): Promise<string> {
  try {
    return (await (await kube.kc.fullConfig()).makeApiClient(VersionApi).getCode(undefined, requestOptions(signal))).gitVersion;
  } catch (error) {
    throw mapped(kube, 'get', 'version', signal, error);
  }
}

/** The node's system info; undefined when get nodes is not allowed. */
export async function nodeInfo(kube: Kube, name: string, signal: AbortSignal): Promise<V1NodeSystemInfo | undefined> {
  try {
    return (await kube.core.readNode({ name }, requestOptions(signal))).status?.nodeInfo;
  } catch (error) {
    const typed = mapped(kube, 'get', 'nodes', signal, error);
    if (typed instanceof ForbiddenError) return undefined;
    throw typed;
  }
}

/** Mutating and validating webhook configurations; undefined when they may not be listed. */
export async function webhookConfigs(kube: Kube, signal: AbortSignal): Promise<WebhookConfig[] | undefined> {
  const api = (await kube.kc.fullConfig()).makeApiClient(AdmissionregistrationV1Api);
  try {
    const [mutating, validating] = await Promise.all([
      api.listMutatingWebhookConfiguration({}, requestOptions(signal)),
      api.listValidatingWebhookConfiguration({}, requestOptions(signal)),
    ]);
    const shape = (kind: WebhookConfig['kind'], items: { metadata?: { name?: string }; webhooks?: { name: string; failurePolicy?: string; rules?: WebhookConfig['webhooks'][number]['rules'] }[] }[]) =>
      items.map((item) => ({
        kind,
        name: item.metadata?.name ?? '?',
        webhooks: (item.webhooks ?? []).map((w) => ({ name: w.name, ...(w.failurePolicy ? { failurePolicy: w.failurePolicy } : {}), rules: w.rules ?? [] })),
      }));
    return [...shape('mutating', mutating.items), ...shape('validating', validating.items)];
  } catch (error) {
    const typed = mapped(kube, 'list', 'webhookconfigurations', signal, error);
    if (typed instanceof ForbiddenError) return undefined;
    throw typed;
  }
}
