import type { FeedFormat, FeedPaths } from '../model.ts';
import type { TaxonomyKind } from '../select/taxonomy.ts';

/** Each feed is one file per format, in this order. */
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export type FeedFiles = Readonly<Record<FeedFormat, string>>;

/** The output keys of the main feed, or of one term's feed, under the configured `feeds` paths. */
export function feedFiles(paths: FeedPaths, term?: { kind: TaxonomyKind; slug: string }): FeedFiles {
  const key = (format: FeedFormat) => (term === undefined ? paths[format].main : paths[format][term.kind].replaceAll(':slug', term.slug));
  return { rss: key('rss'), atom: key('atom'), json: key('json') };
}
