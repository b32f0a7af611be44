import type { PostMeta, SiteConfig } from '../model.ts';
import { groupTerms, type Term } from '../select/taxonomy.ts';
import { feedFiles, type FeedFiles } from './feed-files.ts';

/** One feed in three files: the site's, or one tag's or category's. */
export interface FeedScope {
  /** `''` for the main feeds, else `tags/<slug>/` or `categories/<slug>/`: the feed's identity, whatever its files are called. */
  path: string;
  files: FeedFiles;
  title: string;
  description: string;
  /** Newest first, at most `limit`. */
  posts: PostMeta[];
}

const KIND_LABEL: Record<Term['kind'], string> = { tags: 'tagged', categories: 'in category' };

/** The main feeds and one set per tag and category, from the published posts (newest first). */
export function feedScopes(published: readonly PostMeta[], site: SiteConfig): FeedScope[] {
  const scopes: FeedScope[] = [
    { path: '', files: feedFiles(site.feeds), title: site.title, description: site.description, posts: published.slice(0, site.limit) },
  ];
  for (const kind of ['categories', 'tags'] as const) {
    for (const term of groupTerms(published, kind)) {
      scopes.push({
        path: `${kind}/${term.slug}/`,
        files: feedFiles(site.feeds, { kind, slug: term.slug }),
        title: `${site.title}: ${term.name}`,
        description: `Posts ${KIND_LABEL[kind]} “${term.name}” on ${site.title}`,
        posts: term.posts.slice(0, site.limit),
      });
    }
  }
  return scopes;
}
