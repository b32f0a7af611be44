/**
 * RFC 5005 archive chains read from the outside, as a reader that pages back would: from a
 * subscription document, follow `prev-archive` (RSS `atom:link`, Atom `link`) or JSON Feed's
 * `next_url` through the stored files, reading each document's item ids and history markers with
 * the independent readers of feed-checks.ts (nothing from src/documents).
 */
import { NS, children, readAtomItems, readJsonItems, readRssItems, readXml, rssChannel, type ReadItem } from './feed-checks.ts';

const FEED_HISTORY = 'http://purl.org/syndication/history/1.0';

export type ChainFormat = 'rss' | 'atom' | 'json';

export const CHAIN_FORMATS: readonly ChainFormat[] = ['rss', 'atom', 'json'];

/** Each format's subscription file name in a feed's directory. */
export const SUBSCRIPTION_FILES: Readonly<Record<ChainFormat, string>> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/** Each format's file name after an archive's name (`archives/<name>.rss.xml`). */
export const ARCHIVE_SUFFIXES: Readonly<Record<ChainFormat, string>> = { rss: '.rss.xml', atom: '.atom.xml', json: '.json' };

/** The media type every history link of a format must carry: it points to a document of the same format. */
export const HISTORY_LINK_TYPES: Readonly<Record<'rss' | 'atom', string>> = { rss: 'application/rss+xml', atom: 'application/atom+xml' };

export interface FeedLink {
  rel: string;
  type: string;
  href: string;
}

/** What one document says about its place in the history, whatever its format. */
export interface HistoryView {
  ids: string[];
  /** Feed-level links (RSS `atom:link`, Atom `link`); none in JSON Feed. */
  links: FeedLink[];
  /** `<fh:archive/>`, `<fh:complete/>` (XML formats only). */
  archive: boolean;
  complete: boolean;
  /** JSON Feed's `feed_url` and `next_url`. */
  feedUrl?: string;
  nextUrl?: string;
}

/** A document's items, read by its format's reader. */
export function readItems(format: ChainFormat, text: string): ReadItem[] {
  return ITEM_READERS[format](text);
}

const ITEM_READERS: Readonly<Record<ChainFormat, (text: string) => ReadItem[]>> = { rss: readRssItems, atom: readAtomItems, json: readJsonItems };

export function historyView(format: ChainFormat, text: string): HistoryView {
  const ids = readItems(format, text).map((item) => item.id);
  if (format === 'json') {
    const feed = JSON.parse(text) as { feed_url?: string; next_url?: string };
    return { ids, links: [], archive: false, complete: false, feedUrl: feed.feed_url, nextUrl: feed.next_url };
  }
  const head = format === 'rss' ? rssChannel(text) : readXml(text);
  const links = children(head, NS.atom, 'link').map(({ attributes }) => ({ rel: attributes.rel ?? 'alternate', type: attributes.type ?? '', href: attributes.href ?? '' }));
  const marked = (local: string) => children(head, FEED_HISTORY, local).length > 0;
  return { ids, links, archive: marked('archive'), complete: marked('complete') };
}

export function linksOf(view: HistoryView, rel: string): FeedLink[] {
  return view.links.filter((link) => link.rel === rel);
}

/** The document holding the posts just older than `view`'s, by its absolute URL; throws on two. */
function olderUrl(format: ChainFormat, view: HistoryView): string | undefined {
  if (format === 'json') return view.nextUrl;
  const links = linksOf(view, 'prev-archive');
  if (links.length > 1) throw new Error(`${links.length} prev-archive links: ${links.map((link) => link.href).join(', ')}`);
  return links[0]?.href;
}

/** Where the document says its subscription feed is: `rel="current"`, or JSON Feed's `feed_url`. */
export function currentUrl(format: ChainFormat, view: HistoryView): string | undefined {
  return format === 'json' ? view.feedUrl : linksOf(view, 'current')[0]?.href;
}

export interface ChainDocument {
  key: string;
  text: string;
  view: HistoryView;
}

/** Reads an output file by key; undefined when nothing is stored there. */
export type ReadOutput = (key: string) => Promise<string | undefined>;

/** The key under `out` of an absolute URL of the site; throws for any other URL. */
function keyOfUrl(siteUrl: string, url: string): string {
  if (!url.startsWith(siteUrl) || url.length === siteUrl.length) throw new Error(`${url} is not a file under ${siteUrl}`);
  return url.slice(siteUrl.length);
}

/**
 * The subscription document at `start` and every document its chain of older links reaches,
 * newest first. Throws when a link points to nothing stored, or back to a document already seen.
 */
export async function walkChain(read: ReadOutput, siteUrl: string, format: ChainFormat, start: string): Promise<ChainDocument[]> {
  const chain: ChainDocument[] = [];
  const seen = new Set<string>();
  for (let key: string | undefined = start; key !== undefined; ) {
    if (seen.has(key)) throw new Error(`the chain from ${start} comes back to ${key}`);
    seen.add(key);
    const text = await read(key);
    if (text === undefined) throw new Error(`${chain.at(-1)?.key ?? start} links to ${key}, which is not stored`);
    const view = historyView(format, text);
    chain.push({ key, text, view });
    const older = olderUrl(format, view);
    key = older === undefined ? undefined : keyOfUrl(siteUrl, older);
  }
  return chain;
}
