/**
 * "Did you mean …?" for misspelt config keys and permalink tokens.
 *
 * The distance counts an adjacent transposition as one edit, so `tilte` → `title` and
 * `:yaer` → `:year` are one typo away; plain Levenshtein (e.g. `fastest-levenshtein`) counts
 * them as two and would drop those suggestions. Hand-written also because the CLI's static
 * import graph may reach only commander and zod/mini (tests/cli/lazy.test.ts).
 */
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigKey } from './keys.ts';

/** The config key a misspelt one most likely meant: `site_url`, `SITE_URL`, `siteURL` → `siteUrl`; `tilte` → `title`. */
export function suggestKey(key: string): ConfigKey | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const byEnv = CONFIG_KEY_NAMES.find((name) => CONFIG_KEYS[name].env === key || CONFIG_KEYS[name].flag === key);
  if (byEnv) return byEnv;
  const exact = CONFIG_KEY_NAMES.find((name) => squash(name) === squash(key));
  if (exact) return exact;
  return closest(key, CONFIG_KEY_NAMES);
}

/** The candidate within a small edit distance (case-insensitive), if any. */
export function closest<T extends string>(word: string, candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}
