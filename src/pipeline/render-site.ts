import type { Generator, SiteConfig } from '../model.ts';
import type { RenderSite } from '../render/render-post.ts';
import { linkIndex, type LinkIndex } from '../templates/internal-links.ts';
import { siteShortcode } from '../templates/site-shortcodes.ts';
import type { PostIndex } from './index-posts.ts';

function* postUrls(index: PostIndex): Iterable<{ key: string; url: string }> {
  for (const [key, record] of index.records) if (record.post) yield { key, url: record.post.url };
}

const generatorOf = (config: SiteConfig): Generator => (config.generator === 'auto' ? 'plain' : config.generator);

/**
 * Every post's URL, for internal links to resolve through. Made on the first link resolved: most
 * posts link to no other post, and indexing 10,000 URLs cost a build that rendered ~20 ms.
 */
export function postLinkIndex(config: SiteConfig, index: PostIndex): LinkIndex {
  let links: LinkIndex | undefined;
  return {
    resolve: (kind, target, fromKey) => (links ??= linkIndex(postUrls(index), { siteUrl: config.siteUrl, generator: generatorOf(config) })).resolve(kind, target, fromKey),
  };
}

/** What rendering needs of the site: its values and config file, its own shortcodes, and the links. */
export function renderSite(config: SiteConfig, links: LinkIndex, data: Readonly<Record<string, unknown>>): RenderSite {
  return {
    siteUrl: config.siteUrl,
    title: config.title,
    description: config.description,
    ...(config.author === undefined ? {} : { author: config.author }),
    generator: generatorOf(config),
    data,
    shortcodes: new Map(Object.entries(config.shortcodes).map(([name, template]) => [name, siteShortcode(template)])),
    links,
  };
}
