// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.
import type { ImageRef } from './image-ref.js';

/** Which rule produced a candidate -dev image. */
export type DevImageRule =
  | 'override' // --image
  | 'already-dev' // the tag already is a -dev (or distroless debug) tag
  | 'tag-dev' // NAME:T -> NAME:T-dev
  | 'latest-dev' // NAME (no tag) -> NAME:latest-dev
  | 'digest-tag-dev' // NAME:T@sha256:... -> NAME:T-dev
  | 'digest-latest-dev' // NAME@sha256:... (tag unknown) -> NAME:latest-dev, version may differ
  | 'fallback-latest-dev' // cgr.dev NAME:T-dev missing -> NAME:latest-dev, version differs
  | 'distroless-debug' // gcr.io/distroless: latest -> debug, nonroot -> debug-nonroot
  | 'default-image'; // no -dev variant known: the default debug image

/** exact: same version as the app; likely: same name, version assumed; guess: different image. */
export type Confidence = 'exact' | 'likely' | 'guess';

export interface DevImageCandidate {
  /** Fully qualified reference to run. */
  image: string;
  ref: ImageRef;
  rule: DevImageRule;
  confidence: Confidence;
  /** One line for humans: why this image. */
  reason: string;
  warnings: string[];
}

export interface DevImageOptions {
  defaultImage: string;
}

/**
 * The -dev images to try for an app image, best first; the last is always the default debug image.
 * Pure: whether a candidate exists is the registry's question (src/registry).
 */
export function devImageCandidates(source: ImageRef, options: DevImageOptions): DevImageCandidate[] {
  throw new Error(`unimplemented: ${source.repository} ${options.defaultImage}`);
}

export const DEFAULT_DEBUG_IMAGE = 'cgr.dev/chainguard/wolfi-base:latest';
