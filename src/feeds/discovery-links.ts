/**
 * Feed discovery: the `<link rel="alternate">` tags a site's HTML `<head>` carries so that feed
 * readers and browser extensions find its feeds. Pure: the URLs are the ones the build writes
 * the feeds at (the same `feeds` paths, the same term slugs), from the configuration alone.
 */
import { escapeAttribute } from 'entities';
import { FORMAT_MEDIA_TYPES } from '../documents/formats.ts';
import type { FeedFormat, SiteConfig } from '../model.ts';
import { termSlug, type TaxonomyKind } from '../select/taxonomy.ts';
import { feedUrls } from './feed-document.ts';
import { FEED_FORMATS, feedFiles } from './feed-files.ts';
import { termFeedTitle } from './feed-scopes.ts';

/** How a reader's menu tells the three apart. */
const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** A tag or category as written in posts (`C++`), not its slug. */
export interface DiscoveryTerm {
  kind: TaxonomyKind;
  name: string;
}

/**
 * One tag per format, RSS first: the main feed's, or `term`'s. Each is titled with its feed's own
 * title and its format (`My Blog (RSS)`), so that a reader offering all three shows which is which.
 */
export function discoveryLinks(site: Pick<SiteConfig, 'siteUrl' | 'title' | 'feeds'>, term?: DiscoveryTerm): string[] {
  const files = feedFiles(site.feeds, term && { kind: term.kind, slug: termSlug(term.name) });
  const urls = feedUrls(site, files);
  const title = term ? termFeedTitle(site, term.name) : site.title;
  return FEED_FORMATS.map((format) => {
    const attributes = { rel: 'alternate', type: FORMAT_MEDIA_TYPES[format], title: `${title} (${FORMAT_NAMES[format]})`, href: urls[format] };
    return `<link ${Object.entries(attributes).map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(' ')}>`;
  });
}
