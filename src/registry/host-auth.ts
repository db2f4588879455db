import { readFile } from 'node:fs/promises';
import type { RegistryAuth } from './auth.js';
import { REGISTRY_TIMEOUT_MS } from './context.js';
import { credentialHelperRunner } from './credential-helper.js';
import { dockerConfigAuth } from './docker-credentials.js';

/** This machine's registry credentials: Docker's config.json (DOCKER_CONFIG honoured) and its helpers. */
export function hostRegistryAuth(env: NodeJS.ProcessEnv): RegistryAuth {
  return dockerConfigAuth({
    env: { DOCKER_CONFIG: env.DOCKER_CONFIG, HOME: env.HOME },
    readFile: (file) => readFile(file, 'utf8'),
    runHelper: credentialHelperRunner(env),
    helperTimeoutMs: REGISTRY_TIMEOUT_MS,
  });
}
