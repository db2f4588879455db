// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.

/** A parsed image reference, normalized the way the container runtime resolves it. */
export interface ImageRef {
  /** Registry host[:port]; Docker Hub is `docker.io`. */
  registry: string;
  /** Repository path, e.g. `chainguard/nginx`; Docker Hub official images get `library/`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

/** Parses a reference as Kubernetes would accept it; throws UsageError naming what is wrong. */
export function parseImageRef(input: string): ImageRef {
  throw new Error(`unimplemented: ${input}`);
}

/** Fully qualified form: `registry/repository[:tag][@digest]`. */
export function formatImageRef(ref: ImageRef): string {
  throw new Error(`unimplemented: ${ref.repository}`);
}
