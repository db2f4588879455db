// Kubernetes object names, as the API server validates them (apimachinery's validation.IsDNS1123Label
// and IsDNS1123Subdomain). Names from a cluster are checked with these before they reach a shell.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS label: namespaces, container names. At most 63 characters. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && LABEL.test(name);
}

/** A DNS subdomain: pod names. Dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

/**
 * What is wrong with the names a pod object carries, or undefined. They go into URLs (the patch, exec)
 * and into the patch body, so a server that answers names it could never have stored is not followed.
 */
export function podNamesProblem(names: { namespace: string; pod: string; container: string }): string | undefined {
  if (!isDnsLabel(names.namespace)) return 'a namespace that is not a Kubernetes name';
  if (!isDnsSubdomain(names.pod)) return 'a pod name that is not a Kubernetes name';
  if (!isDnsLabel(names.container)) return 'a container name that is not a Kubernetes name';
  return undefined;
}
