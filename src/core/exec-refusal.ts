// Why an exec did not start, read from what the node answered: the Status an exec ended with before the
// command ran (through the API server's stream translator: "Internal error occurred: unable to upgrade
// connection: ..."), or the body of an upgrade the kubelet refused with an HTTP error (the stream proxied
// as it is). Some refusals are passing states of a node, retried until the deadline; anything else is the
// answer. Only the refusal's head is read: a command's own name or output (`exec: "pod does not exist":
// executable file not found`) comes later in a message and must never make a real failure look passing.

/** What a refusal means for the exec. */
export type ExecRefusal =
  /** The runtime does not run the container yet (the kubelet found no such container): it is starting. */
  | 'container-starting'
  /** The kubelet does not know the pod: it restarted and has not synced the pod yet. */
  | 'pod-unknown'
  /** The API server could not reach the node's kubelet (stopped, or restarting). */
  | 'kubelet-unreachable'
  /** Anything else: the command's or the cluster's real answer, never retried. */
  | 'failure';

export interface ExecRefusalInput {
  /** The Status's code or the upgrade's HTTP status. */
  code?: number | undefined;
  message?: string | undefined;
}

/** The wrappers the API server and the SPDY client put around the kubelet's own words. */
const WRAPPERS = /^(?:Internal error occurred: )?(?:unable to upgrade connection: )?/;

/** The kubelet's own words at the head of a refusal, and what each means. */
const PASSING: readonly { head: RegExp; refusal: Exclude<ExecRefusal, 'failure'> }[] = [
  // kubelet findContainer: the runtime's list of running containers does not have it (yet).
  { head: /^container not found\b/, refusal: 'container-starting' },
  // A runtime that reports the container is there but does not run yet.
  { head: /^container \S+ is not running\b/, refusal: 'container-starting' },
  { head: /^(?:rpc error: code = \w+ desc = )?container is in CONTAINER_(?:CREATED|UNKNOWN) state\b/, refusal: 'container-starting' },
  // kubelet getExec: the pod is not in its pod manager, as right after a restart until its first sync.
  { head: /^pod does not exist\b/, refusal: 'pod-unknown' },
  // The API server's dial to the kubelet (upgrade-aware proxy, or the translator's SPDY client).
  { head: /^error dialing backend\b/, refusal: 'kubelet-unreachable' },
  { head: /^dial tcp \S+: connect: connection refused\b/, refusal: 'kubelet-unreachable' },
];

/** Codes a node's passing refusal comes with: 500 (Status, or the kubelet's error) or 404 ("pod does not exist"), 502/503 (proxy). */
const PASSING_CODES = new Set([404, 500, 502, 503]);

/** Pure: what a refused exec's answer means; a code other than the kubelet's is a failure whatever the text. */
export function classifyExecRefusal(input: ExecRefusalInput): ExecRefusal {
  if (input.code !== undefined && !PASSING_CODES.has(input.code)) return 'failure';
  const text = (input.message ?? '').trim().replace(WRAPPERS, '');
  return PASSING.find((p) => p.head.test(text))?.refusal ?? 'failure';
}

/** Whether the refusal means the node's kubelet itself was away (not the container), for the deadline's message. */
export function isKubeletRefusal(refusal: ExecRefusal): refusal is 'pod-unknown' | 'kubelet-unreachable' {
  return refusal === 'pod-unknown' || refusal === 'kubelet-unreachable';
}
