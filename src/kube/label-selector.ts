import type { V1LabelSelector } from '@kubernetes/client-node';

/**
 * A label selector as the list API's `labelSelector` string. Undefined when it selects nothing: an
 * empty selector would match every pod in the namespace, which is never what a workload means.
 */
export function labelSelectorString(selector: V1LabelSelector | undefined): string | undefined {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(`${key}=${value}`);
  }
  for (const requirement of selector?.matchExpressions ?? []) {
    const values = [...(requirement.values ?? [])].sort().join(',');
    switch (requirement.operator) {
      case 'In':
        parts.push(`${requirement.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${requirement.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(requirement.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${requirement.key}`);
        break;
      default:
        throw new Error(`unknown label selector operator ${requirement.operator}`);
    }
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}
