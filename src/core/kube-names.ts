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
