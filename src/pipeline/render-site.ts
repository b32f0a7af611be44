import type { Generator, SiteConfig } from '../model.ts';
import type { RenderSite } from '../render/render-post.ts';
import { linkIndex, type LinkIndex } from '../templates/internal-links.ts';
import { siteShortcode } from '../templates/site-shortcodes.ts';
import type { PostIndex } from './index-posts.ts';

function* postUrls(index: PostIndex): Iterable<{ key: string; url: string }> {
  for (const [key, record] of index.records) if (record.post) yield { key, url: record.post.url };
}

const generatorOf = (config: SiteConfig): Generator => (config.generator === 'auto' ? 'plain' : config.generator);

/** Every post's URL, for internal links to resolve through. */
export function postLinkIndex(config: SiteConfig, index: PostIndex): LinkIndex {
  return linkIndex(postUrls(index), { siteUrl: config.siteUrl, generator: generatorOf(config) });
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
