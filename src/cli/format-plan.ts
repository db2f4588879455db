import type { DebugPlan } from '../session/debug-session.js';

/**
 * The --dry-run document: what would be added and the exact patch body, plus why. With --copy, the pod
 * exactly as it would be created (`kubectl create -f -` takes it); the why is on stderr.
 */
export function dryRunDocument(plan: DebugPlan): Record<string, unknown> {
  if (plan.copy) return { ...plan.copy.pod };
  return {
    pod: `${plan.namespace}/${plan.podName}`,
    target: plan.target.container,
    image: {
      image: plan.image.image,
      rule: plan.image.rule,
      confidence: plan.image.confidence,
      verified: plan.image.verified,
      ...(plan.image.digest ? { digest: plan.image.digest } : {}),
      ...(plan.image.pinned ? { pinned: plan.image.pinned } : {}),
      ...(plan.image.match ? { match: { tag: plan.image.match.tag, quality: plan.image.match.quality, reason: plan.image.match.reason } } : {}),
      reason: plan.image.reason,
    },
    profile: { requested: plan.security.profile, applied: plan.security.applied, namespaceLevel: plan.level ?? 'unknown' },
    abilities: plan.security.abilities,
    warnings: plan.warnings,
    ...(plan.reuse ? { reuse: plan.reuse.name } : {}),
    ...(plan.command ? { command: plan.command } : {}),
    ...(plan.container ? { ephemeralContainer: plan.container, patch: { type: 'application/strategic-merge-patch+json', subresource: 'ephemeralcontainers', body: plan.patch } } : {}),
  };
}
