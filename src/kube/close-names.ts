/** Edit distance (insert, delete, substitute). */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Names close to a mistyped one, best first. A prefix relation counts as close: `web` is what people type
 * for `web-7d9f8c-x2x4q` (a generated pod name) and `web-7d9f8c` is what is left after a pod restarts.
 */
export function closeNames(wanted: string, names: string[], limit = 3): string[] {
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    if (name === wanted) continue;
    const prefix = name.startsWith(wanted) || wanted.startsWith(name);
    const distance = levenshtein(wanted, name);
    if (!prefix && distance > maxDistance) continue;
    // Prefix matches first, then by edit distance, shorter names on ties.
    scored.push({ name, score: (prefix ? 0 : 1000) + distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.length - b.name.length || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}
