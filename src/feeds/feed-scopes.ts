import type { FeedFiles, PostMeta, SiteConfig } from '../model.ts';
import { groupTerms, type Term } from '../select/taxonomy.ts';
import { feedFiles } from './feed-files.ts';

/** One feed in three files: the site's, or one tag's or category's. */
export interface FeedScope {
  /** `''` for the main feeds, else `tags/<slug>/` or `categories/<slug>/`: the feed's identity, whatever its files are called. */
  path: string;
  files: FeedFiles;
  title: string;
  description: string;
  /** Newest first, at most `limit`. */
  posts: PostMeta[];
  /** How many published posts the feed is about: more than `posts` holds when older ones did not fit. */
  total: number;
  /** With `archives` on, the feed's posts older than `posts` holds, newest first; else none. */
  older: PostMeta[];
}

const KIND_LABEL: Record<Term['kind'], string> = { tags: 'tagged', categories: 'in category' };

/** A tag's or category's feed is titled by the site and the term: `My Blog: C++`. */
export function termFeedTitle(site: Pick<SiteConfig, 'title'>, name: string): string {
  return `${site.title}: ${name}`;
}

/**
 * Tags and categories that get feeds, at most: each is three files written and listed on every
 * run, and a site imported with thousands of one-post tags would otherwise write thousands of
 * files. The terms with the most posts keep theirs.
 */
export const MAX_TERM_FEEDS = 1000;

export interface FeedSelection {
  scopes: FeedScope[];
  /** Terms left without a feed by `MAX_TERM_FEEDS`. */
  withoutFeed: number;
}

/** The main feeds and one set per tag and category (the most used, up to `MAX_TERM_FEEDS`), from the published posts (newest first). */
export function feedScopes(published: readonly PostMeta[], site: SiteConfig, maxTermFeeds = MAX_TERM_FEEDS): FeedSelection {
  const older = (posts: readonly PostMeta[]) => (site.archives ? posts.slice(site.limit) : []);
  const main: FeedScope = {
    path: '',
    files: feedFiles(site.feeds),
    title: site.title,
    description: site.description,
    posts: published.slice(0, site.limit),
    total: published.length,
    older: older(published),
  };
  const terms = (['categories', 'tags'] as const).flatMap((kind) => groupTerms(published, kind).map((term) => ({ kind, term })));
  const kept = new Set([...terms].sort((a, b) => b.term.posts.length - a.term.posts.length).slice(0, maxTermFeeds));
  const scopes = terms
    .filter((entry) => kept.has(entry))
    .map(({ kind, term }) => ({
      path: `${kind}/${term.slug}/`,
      files: feedFiles(site.feeds, { kind, slug: term.slug }),
      title: termFeedTitle(site, term.name),
      description: `Posts ${KIND_LABEL[kind]} “${term.name}” on ${site.title}`,
      posts: term.posts.slice(0, site.limit),
      total: term.posts.length,
      older: older(term.posts),
    }));
  return { scopes: [main, ...scopes], withoutFeed: terms.length - kept.size };
}
