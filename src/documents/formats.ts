import { FEED_FORMATS } from '../feeds/feed-files.ts';
import type { FeedDocument, FeedFormat, FeedItem, FeedLinks } from '../model.ts';
import { xmlElement } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

/**
 * What `feed` is given for an item's HTML: the HTML itself goes into our tree after `feed`'s
 * output is read back, so that neither its serialiser nor our parser passes over every item's
 * HTML (the item's element is still checked with it).
 */
export const HTML_STAND_IN = '-';

/** Fixed, without a version: an upgrade alone must not change every feed's bytes. */
export const GENERATOR = 'feedbucket';

/** Media types of the three formats, as link `type`s and (with a charset) as `Content-Type`s. */
export const FORMAT_MEDIA_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export interface FeedLink {
  rel: 'self' | 'alternate' | 'current' | 'prev-archive';
  type: string;
  href: string;
}

/** The link to the document itself, then to the same feed in the other two formats. */
export function formatLinks(links: FeedLinks, self: FeedFormat): FeedLink[] {
  const others = FEED_FORMATS.filter((format) => format !== self);
  return [
    { rel: 'self', type: FORMAT_MEDIA_TYPES[self], href: links[self] },
    ...others.map((format): FeedLink => ({ rel: 'alternate', type: FORMAT_MEDIA_TYPES[format], href: links[format] })),
  ];
}

/** As link attributes, always in the order rel, type, href. */
export function linkAttributes(link: FeedLink): Record<string, string> {
  return { rel: link.rel, type: link.type, href: link.href };
}

/**
 * The feed's WebSub hubs, as `<link rel="hub">` elements beside its `rel="self"` (WebSub 4:
 * a subscriber finds the hub and the topic URL in the feed itself). None when the site names no hub.
 */
export function hubLinks(model: Pick<FeedDocument, 'hubs'>, name: 'link' | 'atom:link'): XmlElement[] {
  return (model.hubs ?? []).map((href) => xmlElement(name, { rel: 'hub', href }));
}

/** RFC 5005 Feed Paging and Archiving. */
export const FEED_HISTORY_NAMESPACE = 'http://purl.org/syndication/history/1.0';

/**
 * RFC 5005's links in `self`'s format: from an archive document to its subscription feed
 * (`current`), and to the archive of the posts just older (`prev-archive`). No `next-archive`:
 * archives are named for their content, and a link to the newer one would rename every archive
 * each time a post is published.
 */
export function historyLinks({ history }: Pick<FeedDocument, 'history'>, self: FeedFormat): FeedLink[] {
  const type = FORMAT_MEDIA_TYPES[self];
  const older = olderArchive({ history });
  return [
    ...(history?.kind === 'archive' ? [{ rel: 'current' as const, type, href: history.current[self] }] : []),
    ...(older ? [{ rel: 'prev-archive' as const, type, href: older[self] }] : []),
  ];
}

/** The archive of the posts just older than the document's, if any. */
export function olderArchive({ history }: Pick<FeedDocument, 'history'>): FeedLinks | undefined {
  return history === undefined || history.kind === 'complete' ? undefined : history.prevArchive;
}

/**
 * RFC 5005's markers: `<fh:complete/>` when the document holds every post of its feed (a reader
 * may then drop entries it no longer finds there, and knows there is no older one to look for);
 * `<fh:archive/>` on an archive document (its entries are stable, and a reader need not poll it).
 */
export function historyMarkers({ history }: Pick<FeedDocument, 'history'>): XmlElement[] {
  if (history?.kind === 'complete') return [xmlElement('fh:complete', {})];
  return history?.kind === 'archive' ? [xmlElement('fh:archive', {})] : [];
}

export const MEDIA_RSS_NAMESPACE = 'http://search.yahoo.com/mrss/';

/**
 * The item's image as Media RSS, in RSS and Atom alike: readers such as Miniflux and Feedly show
 * it in their lists, and unlike an enclosure it needs no byte size or type, which we do not know.
 */
export function mediaThumbnail(item: FeedItem): XmlElement[] {
  return item.image === undefined ? [] : [xmlElement('media:thumbnail', { url: item.image })];
}
