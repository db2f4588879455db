// Direct mode's first step, in a chunk of its own that loads before the session's modules: the kubeconfig,
// then the reads the session starts with, sent at once (on two connections, one after another on each:
// kube/first-reads.ts), so their round trips overlap Node loading the rest; the session's own calls take
// the answers (kube/rest.ts prefetch).
import type { Kube } from '../kube/client.js';
import { reviewQuestions } from '../core/permissions.js';
import { prefetchFirstReads } from '../kube/first-reads.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { connectKube } from './kube-connect.js';
import type { Options } from './options.js';
import { output } from './output.js';
import { timingMarks } from './timings.js';

/** Connects to the cluster (throws ConfigError) and sends the reads that planning the session starts with. */
export function connectAndPrefetch(options: Extract<Options, { kind: 'debug' }>, io: TerminalIO, signal: AbortSignal): Kube {
  const out = output(io);
  const mark = timingMarks((line) => out.note(line));
  mark?.('kubeconfig', 'start');
  const kube = connectKube(options.connection, signal);
  mark?.('kubeconfig', 'done');
  const { where } = options;
  const namespace = where.namespace ?? kube.namespace;
  // What the session asks first (session/plan-debug.ts, preflight.ts, audit-trail.ts): the pod (a
  // workload's is found by a list instead), the namespace's level, whether exec is allowed (with --new,
  // whether a container may be added and followed), who we are for the audit log.
  const needs = options.request.forceNew ? (['exec', 'patch', 'follow'] as const) : (['exec'] as const);
  const reviews = needs.flatMap((need) => reviewQuestions(need, namespace));
  const reads = { namespace, reviews, whoAmI: options.trail.auditLog !== undefined || options.trail.auditUnavailable !== undefined };
  prefetchFirstReads(kube, { ...reads, ...(where.pod.kind === 'pod' ? { pod: where.pod.name } : {}) }, signal);
  return kube;
}
