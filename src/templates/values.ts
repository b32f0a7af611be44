/**
 * A value in plain data (front matter, a site's config file) by a dotted path, as templates name
 * them: `release.url.gz`, `Params.author`. Keys match without case, as Hugo's do; only a scalar
 * is a value to print.
 */
export function lookupValue(data: unknown, path: readonly string[]): string | undefined {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const entries = current as Record<string, unknown>;
    const key = Object.hasOwn(entries, segment) ? segment : Object.keys(entries).find((name) => name.toLowerCase() === segment.toLowerCase());
    if (key === undefined) return undefined;
    current = entries[key];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean' || typeof current === 'bigint') return String(current);
  return undefined;
}
