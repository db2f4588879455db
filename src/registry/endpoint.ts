/**
 * The base URL of a registry's v2 API. Docker Hub's API lives on registry-1.docker.io. Loopback
 * registries speak plain HTTP, like Docker's default insecure set; everything else HTTPS.
 */
export function registryBaseUrl(registry: string): string {
  const host = registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
  return `${isLoopback(host) ? 'http' : 'https'}://${host}`;
}

export function isLoopback(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0] ?? '';
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
