import type { FlagName } from '../parse-argv.js';

/** How a command reaches the cluster: kubectl's connection and impersonation flags. */
export const CONNECTION_FLAGS: readonly FlagName[] = ['namespace', 'context', 'kubeconfig', 'as', 'as-group', 'as-uid', 'request-timeout'];
/** Flags that shape the debug container a subcommand runs in (cp and packages may add one). */
export const SESSION_FLAGS: readonly FlagName[] = ['target', 'image', 'image-pull-policy', 'custom', 'profile', 'as-root', 'container', 'name', 'new', 'timeout', 'ttl', 'offline', 'quiet', 'copy', 'keep-labels', 'same-node'];
