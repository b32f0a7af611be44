/**
 * Which generator's conventions a source follows: decided from its keys alone (no read), so
 * an incremental run decides as a full one did.
 */
import type { Generator, SiteConfig } from '../model.ts';

/** Each generator's own default URL for a post; an explicit `permalink` wins. */
export const DEFAULT_PERMALINKS: Readonly<Record<Generator, string>> = {
  // Hugo serves a post at its content path, named by `slug` or its file, lower-cased.
  hugo: '/:sections/:slugorfilename/',
  jekyll: '/:categories/:year/:month/:day/:title:output_ext',
  zola: '/:sections/:slug/',
  plain: '/:slug/',
};

const JEKYLL_SIGNS = /(?:^|\/)(?:_posts\/|_config\.(?:ya?ml|toml)$)/;
const ZOLA_SIGNS = /(?:^|\/)zola\.toml$/;
/** Section pages, page bundles, Hugo's own config and archetypes. */
const HUGO_SIGNS = /(?:^|\/)(?:_index\.(?:md|markdown)$|hugo\.(?:toml|ya?ml|json)$|archetypes\/)|.\/index\.(?:md|markdown)$/;

/**
 * Zola before 0.19 read `config.toml`, as Hugo did: its site has `templates/` where Hugo's has
 * `layouts/`.
 */
function zolaConfigToml(keys: readonly string[]): boolean {
  const roots = keys.filter((key) => /(?:^|\/)config\.toml$/.test(key)).map((key) => key.slice(0, -'config.toml'.length));
  return roots.some(
    (root) => keys.some((key) => key.startsWith(`${root}templates/`) && key.endsWith('.html')) && !keys.some((key) => key.startsWith(`${root}layouts/`)),
  );
}

/**
 * Jekyll when the source has `_posts/` or a `_config.yml`; Zola when it has `zola.toml` (or a
 * `config.toml` beside `templates/`); Hugo
 * when it has section pages (`_index.md`), page bundles or Hugo's config; otherwise a plain
 * folder of posts. Every generator also reads the keys that mean nothing else (Zola's `path`
 * and `[taxonomies]`).
 */
export function detectGenerator(keys: readonly string[]): Generator {
  if (keys.some((key) => JEKYLL_SIGNS.test(key))) return 'jekyll';
  if (keys.some((key) => ZOLA_SIGNS.test(key)) || zolaConfigToml(keys)) return 'zola';
  if (keys.some((key) => HUGO_SIGNS.test(key))) return 'hugo';
  return 'plain';
}

/** The site with its generator decided (`auto` resolved from `keys`) and its permalink pattern filled in. */
export function withConventions(site: SiteConfig, keys: readonly string[]): SiteConfig & { generator: Generator; permalink: string } {
  const generator = site.generator === 'auto' ? detectGenerator(keys) : site.generator;
  return { ...site, generator, permalink: site.permalink ?? DEFAULT_PERMALINKS[generator] };
}
