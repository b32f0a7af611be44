/**
 * JSON Feed 1.1, written by us: `feed` 6 writes only 1.0 (a single `author`, no `language`).
 * Properties are built in a fixed order and optional ones are `undefined`, which
 * `JSON.stringify` leaves out, so equal documents give equal bytes. `items` is the feed's last
 * property, which is where json-document.ts adds them.
 */
import type { FeedDocument, FeedItem, Person } from '../model.ts';
import { olderArchive } from './formats.ts';
import { feedAuthor } from './prepare.ts';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

interface JsonFeedAuthor {
  name: string;
  url: string | undefined;
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary: string | undefined;
  date_published: string;
  date_modified: string;
  tags: string[] | undefined;
  image: string | undefined;
  authors: JsonFeedAuthor[] | undefined;
}

interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string | undefined;
  next_url: string | undefined;
  language: string;
  authors: JsonFeedAuthor[];
  hubs: JsonFeedHub[] | undefined;
  items: JsonFeedItem[];
}

interface JsonFeedHub {
  type: 'WebSub';
  url: string;
}

/**
 * The feed without its items (`items` is empty): json-document.ts adds them as text. Older posts
 * are reached through `next_url`, JSON Feed's own paging, which readers that page follow; an
 * archive page keeps the subscription feed's `feed_url`, the feed's identity.
 */
export function jsonFeedHead(model: FeedDocument): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: model.title,
    home_page_url: model.homePageUrl,
    feed_url: (model.history?.kind === 'archive' ? model.history.current : model.links).json,
    description: model.description === '' ? undefined : model.description,
    next_url: olderArchive(model)?.json,
    language: model.language,
    authors: [jsonAuthor(feedAuthor(model))],
    hubs: model.hubs?.map((url) => ({ type: 'WebSub', url })),
    items: [],
  };
}

/**
 * `comments` is left out: JSON Feed has no field for where an item is discussed, an extension
 * (`_feedbucket`) is one no reader reads, and the item's page links to its discussion anyway.
 */
export function jsonFeedItem(item: FeedItem): JsonFeedItem {
  return {
    id: item.id,
    url: item.url,
    title: item.title,
    content_html: item.html,
    summary: item.summary === '' ? undefined : item.summary,
    date_published: item.published,
    date_modified: item.updated,
    tags: item.categories.length === 0 ? undefined : item.categories,
    image: item.image,
    // Left out when empty: items then inherit the feed's authors.
    authors: item.authors.length === 0 ? undefined : item.authors.map(jsonAuthor),
  };
}

// JSON Feed authors have no e-mail address.
function jsonAuthor(person: Person): JsonFeedAuthor {
  return { name: person.name, url: person.url };
}
