import type { FeedDocument, FeedItem, Person, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import type { FeedScope } from './feed-scopes.ts';

/** What the pipeline knows of a selected post beyond its metadata. */
export interface PublishedPost {
  post: PostMeta;
  rendered: RenderedPost;
  /** The id it was first published with; never changes afterwards. */
  id: string;
}

/** RSS dates have whole seconds; the other formats are cut to match so all three agree. */
function wholeSeconds(instant: string): string {
  return `${instant.slice(0, 19)}.000Z`;
}

export function feedItem({ post, rendered, id }: PublishedPost, site: SiteConfig): FeedItem {
  const siteAuthor: Person[] = site.author ? [{ name: site.author }] : [];
  return {
    id,
    url: post.url,
    title: post.title,
    html: rendered.html,
    summary: rendered.summary,
    published: wholeSeconds(post.date),
    updated: wholeSeconds(post.updated > post.date ? post.updated : post.date),
    categories: [...new Set([...post.categories, ...post.tags])],
    authors: post.authors.length > 0 ? post.authors : siteAuthor,
    ...(post.image === undefined ? {} : { image: post.image }),
  };
}

function siteUrlOf(site: SiteConfig, key: string): string {
  return new URL(key, site.siteUrl).href;
}

/** The model every format renders; its `updated` comes from the items, never from the clock. */
export function feedDocument(scope: FeedScope, items: FeedItem[], site: SiteConfig): FeedDocument {
  const updated = items.reduce((newest, item) => (item.updated > newest ? item.updated : newest), '');
  return {
    title: scope.title,
    description: scope.description,
    language: site.language,
    homePageUrl: site.siteUrl,
    links: {
      rss: siteUrlOf(site, scope.files.rss),
      atom: siteUrlOf(site, scope.files.atom),
      json: siteUrlOf(site, scope.files.json),
    },
    id: siteUrlOf(site, scope.path),
    ...(site.author ? { author: { name: site.author } } : {}),
    updated,
    items,
  };
}
