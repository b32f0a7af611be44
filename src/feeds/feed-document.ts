import { escapeXmlAttribute, escapeXmlText } from '../documents/xml-text.ts';
import type { FeedDocument, FeedFiles, FeedItem, FeedLinks, Person, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { collapseWhitespace } from '../render/summary.ts';
import { STYLESHEET_KEY } from './feed-files.ts';
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
  return itemOf(post, id, { html: rendered.html, summary: rendered.summary }, site);
}

/**
 * A post as an archive document holds it: its title as a link to it, and its front matter's
 * summary if any, not its rendered body. So archives are made from the posts' records alone: a
 * build renders only the posts in subscription feeds, and the manifest caches no other HTML.
 */
export function archiveItem(post: PostMeta, id: string, site: SiteConfig): FeedItem {
  const html = `<p><a href="${escapeXmlAttribute(post.url)}">${escapeXmlText(post.title)}</a></p>`;
  // Collapsed as the feed's rendering collapses it, so an item says the same before and after it is archived.
  return itemOf(post, id, { html, summary: collapseWhitespace(post.summary ?? '') }, site);
}

function itemOf(post: PostMeta, id: string, content: { html: string; summary: string }, site: SiteConfig): FeedItem {
  const siteAuthor: Person[] = site.author ? [{ name: site.author }] : [];
  return {
    id,
    url: post.url,
    title: post.title,
    html: post.image === undefined ? content.html : withImage(content.html, post.image),
    summary: content.summary,
    published: wholeSeconds(post.date),
    updated: wholeSeconds(post.updated > post.date ? post.updated : post.date),
    categories: [...new Set([...post.categories, ...post.tags])],
    authors: post.authors.length > 0 ? post.authors : siteAuthor,
    ...(post.image === undefined ? {} : { image: post.image }),
    ...(post.comments === undefined ? {} : { comments: post.comments }),
  };
}

/**
 * The post's image leads its HTML unless the HTML shows it already: the site shows a cover above
 * the text, and readers that take an item's picture from its content (the first image) find it
 * there. The same HTML goes into all three formats.
 */
function withImage(html: string, image: string): string {
  const src = escapeXmlAttribute(image);
  // An image element showing it, not any text that starts like its URL (`d.png.webp`, a link to it).
  if (html.includes(`src="${src}"`)) return html;
  // Written as sanitize-html writes the rest of the item's HTML.
  return `<p><img src="${src}" alt="" /></p>${html === '' ? '' : '\n'}${html}`;
}

/** The absolute URL of a key under `out`, which is served at the site root. */
export function siteUrlOf(site: Pick<SiteConfig, 'siteUrl'>, key: string): string {
  return new URL(key, site.siteUrl).href;
}

/** Where readers fetch a feed's three files. */
export function feedUrls(site: Pick<SiteConfig, 'siteUrl'>, files: FeedFiles): FeedLinks {
  return { rss: siteUrlOf(site, files.rss), atom: siteUrlOf(site, files.atom), json: siteUrlOf(site, files.json) };
}

/**
 * The model every format renders; its `updated` comes from the items, never from the clock.
 * `older`: the files of the newest archive document, which holds the posts just older than `items`.
 */
export function feedDocument(scope: FeedScope, items: FeedItem[], site: SiteConfig, older?: FeedFiles): FeedDocument {
  return {
    ...documentOf(scope, items, site, feedUrls(site, scope.files)),
    ...(site.hub ? { hubs: site.hub } : {}),
    ...(items.length === scope.total ? { history: { kind: 'complete' } } : older ? { history: { kind: 'archived', prevArchive: feedUrls(site, older) } } : {}),
  };
}

/**
 * An archive document of the feed: the same feed (title, id) at the page's own URLs, naming the
 * subscription feed as `current`. No hubs: an archive never changes, so no one subscribes to it.
 */
export function archiveDocument(scope: FeedScope, page: { files: FeedFiles; older?: FeedFiles }, items: FeedItem[], site: SiteConfig): FeedDocument {
  return {
    ...documentOf(scope, items, site, feedUrls(site, page.files)),
    history: { kind: 'archive', current: feedUrls(site, scope.files), ...(page.older ? { prevArchive: feedUrls(site, page.older) } : {}) },
  };
}

function documentOf(scope: FeedScope, items: FeedItem[], site: SiteConfig, links: FeedLinks): FeedDocument {
  const updated = items.reduce((newest, item) => (item.updated > newest ? item.updated : newest), '');
  return {
    title: scope.title,
    description: scope.description,
    language: site.language,
    homePageUrl: site.siteUrl,
    links,
    id: siteUrlOf(site, scope.path),
    ...(site.browserView ? { stylesheet: siteUrlOf(site, STYLESHEET_KEY) } : {}),
    ...(site.author ? { author: { name: site.author } } : {}),
    updated,
    items,
  };
}
