import path from 'node:path';
import type { CredentialLookup, RegistryAuth } from './auth.js';
import type { HelperRunner } from './credential-helper.js';
import { credentialSourceFor, parseDockerConfig, type DockerConfig } from './docker-config.js';

export interface DockerAuthDeps {
  /** DOCKER_CONFIG (a directory) and HOME. */
  env: { DOCKER_CONFIG?: string | undefined; HOME?: string | undefined };
  /** Reads a file; rejects with ENOENT when it does not exist. */
  readFile: (file: string) => Promise<string>;
  runHelper: HelperRunner;
  helperTimeoutMs: number;
}

/** $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function dockerConfigPath(env: DockerAuthDeps['env']): string {
  return path.join(env.DOCKER_CONFIG || path.join(env.HOME ?? '', '.docker'), 'config.json');
}

/**
 * Credentials from Docker's config and its credential helpers, each looked up once per run. Problems
 * (an unreadable config, a failing helper) become a `problem` and the registry is tried anonymously.
 */
export function dockerConfigAuth(deps: DockerAuthDeps): RegistryAuth {
  const file = dockerConfigPath(deps.env);
  let config: Promise<{ config?: DockerConfig; problem?: string }> | undefined;
  const lookups = new Map<string, Promise<CredentialLookup>>();

  const loadConfig = async (): Promise<{ config?: DockerConfig; problem?: string }> => {
    let text: string;
    try {
      text = await deps.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
    try {
      return { config: parseDockerConfig(text) };
    } catch (error) {
      return { problem: `${file} is not valid: ${(error as Error).message}` };
    }
  };

  const lookup = async (registry: string): Promise<CredentialLookup> => {
    config ??= loadConfig();
    const loaded = await config;
    if (!loaded.config) return loaded.problem ? { problem: loaded.problem } : {};
    const source = credentialSourceFor(loaded.config, registry, file);
    if (!source) return {};
    if (source.kind === 'inline') return { credentials: { username: source.username, password: source.password, source: source.source } };
    const answer = await deps.runHelper(source.helper, source.serverUrl, deps.helperTimeoutMs);
    if (answer.kind === 'found') return { credentials: { username: answer.username, password: answer.password, source: source.source } };
    if (answer.kind === 'none') return {};
    return { problem: `${source.source} failed: ${answer.reason}` };
  };

  return {
    credentialsFor(registry) {
      let found = lookups.get(registry);
      if (!found) {
        found = lookup(registry);
        lookups.set(registry, found);
      }
      return found;
    },
  };
}
