import { isLoopback } from '../core/loopback.js';

/**
 * The base URL of a registry's v2 API. Docker Hub's API lives on registry-1.docker.io. Loopback
 * registries speak plain HTTP, like Docker's default insecure set; everything else HTTPS.
 */
export function registryBaseUrl(registry: string): string {
  const host = registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
  return `${isLoopback(host) ? 'http' : 'https'}://${host}`;
}
