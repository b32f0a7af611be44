/**
 * The site's own config file at the source's root, whose values posts print (`{{ site.repository }}`,
 * `{{< param author >}}`, `config.extra.x`): decided from the keys alone, in the order the
 * generators themselves look.
 */
const SITE_FILES = [
  '_config.yml', '_config.yaml', '_config.toml',
  'hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json',
  'zola.toml',
  'config.toml', 'config.yaml', 'config.yml', 'config.json',
];

export function siteFileOf<T extends { key: string }>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    const rank = SITE_FILES.indexOf(entry.key);
    if (rank !== -1 && (best === undefined || rank < SITE_FILES.indexOf(best.key))) best = entry;
  }
  return best;
}
