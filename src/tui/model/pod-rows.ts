// One list row per pod, derived offline from the pod object alone: no registry calls here (the rows on
// screen are checked against the registries by hooks/use-dev-image-checks.ts).
import type { V1Pod } from '@kubernetes/client-node';
import { devImageCandidates, type Confidence, type ImageMapping } from '../../core/dev-image.js';
import { parseImageRef, type ImageRef } from '../../core/image-ref.js';
import { debugFacts, type DebugFacts } from '../../core/debug-rows.js';
import { DEFAULT_CONTAINER_ANNOTATION, debugContainersOf } from '../../core/target.js';
import { sanitizeCell, sanitizeText } from '../../core/sanitize.js';

export interface ContainerSummary {
  name: string;
  image: string;
  ready: boolean;
  running: boolean;
}

export interface DebugSummary {
  name: string;
  image: string;
  target?: string;
  running: boolean;
  /** What `cg-debug ls` says of it: user, how it is connected to, its TTL and start (src/core/debug-rows.ts). */
  facts: DebugFacts;
}

export interface PodRow {
  uid: string;
  namespace: string;
  name: string;
  readyCount: number;
  containers: ContainerSummary[];
  /** The container a debug session targets unless the user picks another one. */
  defaultContainer: string;
  /** Whether the annotation named the default container (shown in the container picker). */
  annotatedDefault: boolean;
  /** The default container's image, shortened for the list. */
  image: string;
  /** The default container's image as the pod spec has it: what a registry check asks about. */
  appImage: string;
  /** The default container's status imageID, kept only when the image is pinned by digest (the check matches it to a tag). */
  appImageID?: string;
  /** Distroless by the image's name alone (isDistrolessImage): the list's sort order and `d` filter. */
  distroless: boolean;
  /** The -dev image a session would choose without a registry's answer, shortened; empty when the image cannot be parsed. */
  devImage: string;
  devConfidence: Confidence | undefined;
  node: string;
  /** Why the default container does not run (CrashLoopBackOff, Error...); absent while it runs. */
  notRunning?: string;
  /** Creation time in ms since the epoch; undefined when unknown. */
  createdAt: number | undefined;
  debug: readonly DebugSummary[];
  /** `namespace/name`, and in lower case: what the filter matches, kept so a keystroke copies no text per row. */
  matchText: string;
  matchLower: string;
}

// Registries whose name adds nothing in a narrow column.
const WELL_KNOWN_REGISTRIES = new Set(['docker.io', 'cgr.dev', 'gcr.io', 'registry.k8s.io']);

// Images that ship without a shell although they are not on a distroless registry.
const NO_SHELL_REPOSITORIES = new Set([
  'registry.k8s.io/pause',
  'registry.k8s.io/coredns/coredns',
  'registry.k8s.io/etcd',
  'registry.k8s.io/kube-apiserver',
  'registry.k8s.io/kube-controller-manager',
  'registry.k8s.io/kube-scheduler',
  'registry.k8s.io/metrics-server/metrics-server',
  'k8s.gcr.io/pause',
  'k8s.gcr.io/coredns/coredns',
]);

function tryParse(image: string): ImageRef | undefined {
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}

/** `nginx:1.25`, `chainguard/go@3f1c0a9b2d4e`, `quay.io/org/app:v1`: short, but still unambiguous enough. */
export function shortenImage(image: string): string {
  const ref = tryParse(image);
  if (ref === undefined) return sanitizeCell(image);
  const repository =
    ref.registry === 'docker.io' && ref.repository.startsWith('library/') ? ref.repository.slice(8) : ref.repository;
  const name = WELL_KNOWN_REGISTRIES.has(ref.registry) ? repository : `${ref.registry}/${repository}`;
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
  const digest = ref.digest === undefined ? '' : `@${ref.digest.replace(/^sha256:/, '').slice(0, 12)}`;
  return `${name}${tag}${digest}`;
}

/** Chainguard (cgr.dev or a chainguard/ mirror) without a -dev tag, gcr.io/distroless without debug, or an image known to have no shell. */
export function isDistrolessImage(image: string): boolean {
  const ref = tryParse(image);
  if (ref === undefined) return false;
  const tag = ref.tag ?? '';
  // Mirrors of Chainguard images usually keep the chainguard/ path (docker.io/chainguard, a private registry).
  const chainguard = ref.registry === 'cgr.dev' || ref.repository.startsWith('chainguard/') || ref.repository.includes('/chainguard/');
  if (chainguard) return !tag.endsWith('-dev');
  if (ref.registry.endsWith('gcr.io') && ref.repository.startsWith('distroless/')) return !tag.includes('debug');
  return NO_SHELL_REPOSITORIES.has(`${ref.registry}/${ref.repository}`);
}

/**
 * The -dev image a session would fall back to without a registry's answer: the first conventional
 * candidate (a made-up `nginx:1.27-dev` never shows), its confidence at most `likely` since nothing
 * here is confirmed. `undefined` when the image does not parse.
 */
export function firstDevImage(image: string, mapping: ImageMapping): { image: string; confidence: Confidence } | undefined {
  const ref = tryParse(image);
  if (ref === undefined) return undefined;
  try {
    const first = devImageCandidates(ref, mapping).find((c) => c.conventional);
    if (first === undefined) return undefined;
    const confirmed = first.rule === 'already-dev';
    return { image: first.image, confidence: first.confidence === 'exact' && !confirmed ? 'likely' : first.confidence };
  } catch {
    return undefined;
  }
}

function timestamp(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Watch events carry RFC 3339 strings; the typed list carries Dates.
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** What the list shows about an image; the same for every pod that runs it. */
export interface ImageFacts {
  /** The image reference itself, one string shared by every row that runs it. */
  image: string;
  /** The same, terminal-safe (what the container picker shows). */
  safe: string;
  short: string;
  distroless: boolean;
  dev: ReturnType<typeof firstDevImage>;
  /** The -dev image shortened for the list; empty when the image cannot be parsed. */
  devShort: string;
  /** Pinned by digest: the pod's imageID then matters to the registry check. */
  pinned: boolean;
}

export function imageFacts(image: string, mapping: ImageMapping): ImageFacts {
  const dev = image === '' ? undefined : firstDevImage(image, mapping);
  return {
    image,
    safe: sanitizeText(image),
    short: shortenImage(image),
    distroless: image !== '' && isDistrolessImage(image),
    dev,
    devShort: dev === undefined ? '' : shortenImage(dev.image),
    pinned: tryParse(image)?.digest !== undefined,
  };
}

/**
 * What rows share: the facts of each image, and one copy of each text many pods repeat (namespaces,
 * nodes, container names). JSON.parse gives every pod its own copy of each string; 20,000 rows would
 * otherwise keep 20,000 copies of the same image reference.
 */
export interface RowCache {
  facts(image: string): ImageFacts;
  /** `text`, or an equal string seen before. */
  shared(text: string): string;
}

const NO_DEBUG: readonly DebugSummary[] = Object.freeze([]);

/** Derives a row, sharing repeated texts and per-image facts through `cache`. */
export function podRow(pod: V1Pod, cache: RowCache): PodRow {
  const statuses = pod.status?.containerStatuses ?? [];
  const containers: ContainerSummary[] = (pod.spec?.containers ?? []).map((c) => {
    const status = statuses.find((s) => s.name === c.name);
    return {
      name: cache.shared(sanitizeText(c.name)),
      image: cache.facts(c.image ?? '').safe,
      ready: status?.ready ?? false,
      running: status?.state?.running !== undefined,
    };
  });
  const annotation = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const annotated = containers.find((c) => c.name === annotation);
  const target = annotated ?? containers[0];
  const facts = cache.facts(pod.spec?.containers?.[target === undefined ? 0 : containers.indexOf(target)]?.image ?? '');
  const dev = facts.dev;
  const imageID = facts.pinned ? statuses.find((s) => s.name === target?.name)?.imageID : undefined;
  const targetState = statuses.find((s) => s.name === target?.name)?.state;
  const notRunning = targetState === undefined || targetState.running ? undefined : cache.shared(sanitizeCell(targetState.waiting?.reason ?? targetState.terminated?.reason ?? 'Waiting'));
  let debug: readonly DebugSummary[] = NO_DEBUG;
  try {
    const found = debugContainersOf(pod);
    if (found.length > 0) {
      debug = found.map((d) => ({
        name: sanitizeText(d.name),
        image: sanitizeText(d.image),
        ...(d.target === undefined ? {} : { target: sanitizeText(d.target) }),
        running: d.state === 'running',
        facts: debugFacts(d),
      }));
    }
  } catch {
    // A malformed ephemeral container must not hide the pod from the list.
  }
  // The list's cells: one column per character, whatever the cluster sends.
  const namespace = cache.shared(sanitizeCell(pod.metadata?.namespace ?? ''));
  const name = sanitizeCell(pod.metadata?.name ?? '');
  const matchText = `${namespace}/${name}`;
  const matchLower = matchText.toLowerCase();
  return {
    uid: pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`,
    namespace,
    name,
    readyCount: containers.filter((c) => c.ready).length,
    containers,
    defaultContainer: target?.name ?? '',
    annotatedDefault: annotated !== undefined,
    image: facts.short,
    appImage: facts.image,
    ...(imageID ? { appImageID: imageID } : {}),
    distroless: facts.distroless,
    devImage: facts.devShort,
    devConfidence: dev?.confidence,
    node: cache.shared(sanitizeCell(pod.spec?.nodeName ?? '')),
    ...(notRunning === undefined ? {} : { notRunning }),
    createdAt: timestamp(pod.metadata?.creationTimestamp),
    debug,
    matchText,
    // Most names are lower case already: one string serves both.
    matchLower: matchLower === matchText ? matchText : matchLower,
  };
}

// Bounds the shared texts: past this many distinct ones, or this many characters in all, further texts
// are kept as they come. Entries are never dropped, so under watch churn (an image patched again and
// again) the characters bound what stays: nothing limits the length of an image reference in a pod.
const MAX_SHARED = 50_000;
const MAX_SHARED_CHARS = 4_000_000;

/** A row deriver that looks at each distinct image once (5,000 pods usually share a few dozen images). */
export function createRowDeriver(mapping: ImageMapping): (pod: V1Pod) => PodRow {
  const images = new Map<string, ImageFacts>();
  const texts = new Map<string, string>();
  let chars = 0;
  const room = (size: number): boolean => {
    if (chars + size > MAX_SHARED_CHARS) return false;
    chars += size;
    return true;
  };
  const cache: RowCache = {
    facts(image) {
      let facts = images.get(image);
      if (facts === undefined) {
        facts = imageFacts(image, mapping);
        // The reference, its safe and its short form.
        if (images.size < MAX_SHARED && room(3 * image.length)) images.set(image, facts);
      }
      return facts;
    },
    shared(text) {
      const seen = texts.get(text);
      if (seen !== undefined) return seen;
      if (texts.size < MAX_SHARED && room(text.length)) texts.set(text, text);
      return text;
    },
  };
  return (pod) => podRow(pod, cache);
}

/** kubectl-style age: 45s, 12m, 5h, 3d, 2y. */
export function formatAge(createdAt: number | undefined, now: number): string {
  if (createdAt === undefined) return '?';
  const seconds = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 730 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

/** Distroless pods first, then by namespace and name: the list's stable order. */
export function compareRows(a: PodRow, b: PodRow): number {
  if (a.distroless !== b.distroless) return a.distroless ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}
