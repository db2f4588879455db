import type { FlagName } from '../parse-argv.js';

export const CONNECTION_FLAGS: readonly FlagName[] = ['namespace', 'context', 'kubeconfig'];
/** Flags that shape the debug container a subcommand runs in (cp and packages may add one). */
export const SESSION_FLAGS: readonly FlagName[] = ['target', 'image', 'profile', 'as-root', 'name', 'new', 'timeout', 'ttl', 'offline', 'quiet'];
