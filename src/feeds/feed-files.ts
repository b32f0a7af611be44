import type { FeedFiles, FeedFormat, FeedPaths } from '../model.ts';
import type { TaxonomyKind } from '../select/taxonomy.ts';
import { regExpLiteral } from '../text/regexp-literal.ts';
import { isArchiveKey } from './archive-pages.ts';

/** Each feed is one file per format, in this order. */
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** Whether `key` is one term's feed file under the configured paths (it goes when the term's last post goes). */
export function termFileMatcher(paths: FeedPaths): (key: string) => boolean {
  const patterns = FEED_FORMATS.flatMap((format) => [paths[format].tags, paths[format].categories]);
  const matcher = new RegExp(`^(?:${patterns.map((pattern) => pattern.split(':slug').map(regExpLiteral).join('[^/]+')).join('|')})$`);
  return (key) => matcher.test(key);
}

/** The browser view's stylesheet, beside the main feeds; named for us, so no site file of its own is taken for it. */
export const STYLESHEET_KEY = 'feedbucket.css';

/** Whether `key` is a file the build writes, and deletes when nothing produces it: a feed's, an archive's, or the stylesheet. */
export function feedFileMatcher(paths: FeedPaths): (key: string) => boolean {
  const mains = new Set(FEED_FORMATS.map((format) => paths[format].main));
  const isTermFile = termFileMatcher(paths);
  return (key) => mains.has(key) || key === STYLESHEET_KEY || isTermFile(key) || isArchiveKey(key);
}

/** The output keys of the main feed, or of one term's feed, under the configured `feeds` paths. */
export function feedFiles(paths: FeedPaths, term?: { kind: TaxonomyKind; slug: string }): FeedFiles {
  const key = (format: FeedFormat) => (term === undefined ? paths[format].main : paths[format][term.kind].replaceAll(':slug', term.slug));
  return { rss: key('rss'), atom: key('atom'), json: key('json') };
}
