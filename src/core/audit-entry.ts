// One line of the audit log (audit.jsonl): who touched which pod, with what, for how long, and how it
// ended. Pure: the log file is written at the edge. Strings from the cluster are data here: JSON escapes
// every control character, so a hostile name can neither break the line nor reach a terminal raw.
import { terminalSafeJson } from './sanitize.js';

/** What touched the pod: a shell, a `-- COMMAND`, or one of the subcommands that exec into a debug container. */
export type AuditAction = 'shell' | 'command' | 'cp' | 'packages' | 'stop' | 'ls';

/** Where the kube user name came from: the API server's SelfSubjectReview, else the kubeconfig's user entry. */
export type AuditUserSource = 'SelfSubjectReview' | 'kubeconfig';

export interface AuditEntry {
  /** When the session started (ISO 8601, UTC). */
  time: string;
  action: AuditAction;
  user: string | null;
  userSource: AuditUserSource | null;
  context: string;
  namespace: string;
  pod: string;
  target: string | null;
  /** The debug container the session ran in (null when it never got one). */
  container: string | null;
  /** A container was added to the pod by this session (false: an existing one was reused). */
  added: boolean;
  image: string | null;
  /** `sha256:...` of the debug image, when the registry or the runtime reported it. */
  imageDigest: string | null;
  profile: string | null;
  /** The debug container's user id; null: the image's own user. */
  uid: number | null;
  /** `-- COMMAND`: its words. */
  command?: string[];
  /** cp: which way, the path in the pod (the target's, or the debug container's for to-pod) and the local one (`-`: a tar stream). */
  copy?: AuditCopy;
  /** stop: the debug containers the stop script ran in. */
  stopped?: string[];
  /** stop: the copies of the pod (`--copy`) it deleted. */
  deleted?: string[];
  /** The session ran in a copy (`pod`) of this pod. */
  copyOf?: string;
  /** ls: the debug containers the shell count ran in, as NAMESPACE/POD/CONTAINER. */
  counted?: string[];
  /** --env: the shell got the app's environment (names only are ever known to cg-debug; no value is logged). */
  importEnv?: true;
  /** --mount-volumes: `rw` when any of the app's volumes was mounted writable. */
  mountVolumes?: 'ro' | 'rw';
  durationMs: number;
  exitCode: number;
  recorded: boolean;
  recordFile: string | null;
}

export interface AuditCopy {
  direction: 'from-pod' | 'to-pod';
  podPath: string;
  localPath: string;
}

/**
 * The entry as one JSON line, newline included. JSON.stringify leaves U+2028, U+2029, U+0085 and C1
 * controls raw: a hostile pod name could then split the line for readers that split on them, or act on a
 * terminal that shows the log. They are written as \\uXXXX, which changes no value.
 */
export function auditLine(entry: AuditEntry): string {
  return `${terminalSafeJson(JSON.stringify(entry)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\n`;
}

/** `sha256:...` in an image reference or a runtime's imageID, if there is one. */
export function imageDigest(reference: string | undefined): string | null {
  return reference?.match(/@?(sha256:[0-9a-f]{64})/)?.[1] ?? null;
}
