import type { SiteConfig } from '../model.ts';
import type { RenderSite } from '../render/render-post.ts';
import { linkIndex } from '../templates/internal-links.ts';
import { siteShortcode } from '../templates/site-shortcodes.ts';
import type { PostIndex } from './index-posts.ts';

function* postUrls(index: PostIndex): Iterable<{ key: string; url: string }> {
  for (const [key, record] of index.records) if (record.post) yield { key, url: record.post.url };
}

/** What rendering needs of the site: its values, its own shortcodes, and every post's URL for internal links. */
export function renderSite(config: SiteConfig, index: PostIndex): RenderSite {
  const generator = config.generator === 'auto' ? 'plain' : config.generator;
  return {
    siteUrl: config.siteUrl,
    title: config.title,
    description: config.description,
    ...(config.author === undefined ? {} : { author: config.author }),
    generator,
    shortcodes: new Map(Object.entries(config.shortcodes).map(([name, template]) => [name, siteShortcode(template)])),
    links: linkIndex(postUrls(index), { siteUrl: config.siteUrl, generator }),
  };
}
