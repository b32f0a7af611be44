import type { FeedFormat } from '../model.ts';

/** Each feed is three files in its folder (`''`, `tags/<slug>/`…), in this order. */
export const FEED_FILE_NAMES: Readonly<Record<FeedFormat, string>> = {
  rss: 'rss.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};

export const FEED_FORMATS = Object.keys(FEED_FILE_NAMES) as FeedFormat[];
