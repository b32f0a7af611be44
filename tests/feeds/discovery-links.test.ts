/**
 * The `<link rel="alternate">` tags for a site's HTML head: each attribute escaped, each URL the
 * one the build writes that feed at, whatever the `feeds` paths and however the term is spelled.
 */
import { decodeHTMLAttribute } from 'entities';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { discoveryLinks, type DiscoveryTerm } from '../../src/feeds/discovery-links.ts';
import { FEED_FORMATS } from '../../src/feeds/feed-files.ts';
import { NS, children, readXml, rssChannel } from '../support/feed-checks.ts';
import { buildMemory, post, siteConfig, text } from '../engine/helpers.ts';

/** A site as the configuration gives it: `feeds` through the schema, defaults filled in. */
function site(values: Record<string, unknown> = {}) {
  return resolveConfig({ file: { path: 'feedbucket.config.json', values: { siteUrl: 'https://blog.example.com/', title: 'Example Blog', ...values } } });
}

/** A tag's attributes as an HTML parser reads them: the tag must be one `<link …>` whose values hold no raw quote. */
function attributesOf(tag: string): Record<string, string> {
  const match = /^<link((?: [a-z]+="[^"]*")+)>$/.exec(tag);
  if (!match) throw new Error(`not one link tag with quoted attributes: ${tag}`);
  return Object.fromEntries([...match[1]!.matchAll(/ ([a-z]+)="([^"]*)"/g)].map(([, name, value]) => [name, decodeHTMLAttribute(value!)]));
}

const TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json'];
const NAMES = ['RSS', 'Atom', 'JSON Feed'];

const cases: { name: string; config?: Record<string, unknown>; term?: DiscoveryTerm; title: string; hrefs: string[] }[] = [
  {
    name: 'the main feeds',
    title: 'Example Blog',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/${key}`),
  },
  {
    name: 'a site under a path',
    config: { siteUrl: 'https://example.com/blog' },
    title: 'Example Blog',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://example.com/blog/${key}`),
  },
  {
    name: 'a title with quotes, markup and an ampersand',
    config: { title: 'Tom & "Jerry" <b>\'s</b>' },
    title: 'Tom & "Jerry" <b>\'s</b>',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/${key}`),
  },
  {
    name: 'a tag with a space and non-ASCII letters',
    term: { kind: 'tags', name: 'Straße Bau' },
    title: 'Example Blog: Straße Bau',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/tags/strasse-bau/${key}`),
  },
  {
    name: 'a tag in a script that has no ASCII spelling',
    term: { kind: 'tags', name: '日本語' },
    title: 'Example Blog: 日本語',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/${key}`),
  },
  {
    name: 'a category with symbols',
    term: { kind: 'categories', name: 'C++ & "Rust"' },
    title: 'Example Blog: C++ & "Rust"',
    hrefs: ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/categories/c-plus-plus-and-rust/${key}`),
  },
  {
    name: 'custom feed paths (Hugo RSS, jekyll-feed Atom)',
    config: { feeds: { rss: { main: 'index.xml', tags: 'tags/:slug/index.xml' }, atom: { main: 'feed.xml', tags: 'feed/by_tag/:slug.xml' } } },
    term: { kind: 'tags', name: 'Go' },
    title: 'Example Blog: Go',
    hrefs: ['tags/go/index.xml', 'feed/by_tag/go.xml', 'tags/go/feed.json'].map((key) => `https://blog.example.com/${key}`),
  },
];

describe('discoveryLinks', () => {
  it.each(cases)('$name', ({ config, term, title, hrefs }) => {
    const tags = discoveryLinks(site(config), term);
    expect(tags.map(attributesOf)).toEqual(
      FEED_FORMATS.map((_format, index) => ({ rel: 'alternate', type: TYPES[index], title: `${title} (${NAMES[index]})`, href: hrefs[index] })),
    );
  });

  it('escapes every character that could end the attribute or open a tag', () => {
    const [rss] = discoveryLinks(site({ title: 'Tom & "Jerry" <b>' }));
    expect(rss).toBe('<link rel="alternate" type="application/rss+xml" title="Tom &amp; &quot;Jerry&quot; &lt;b&gt; (RSS)" href="https://blog.example.com/rss.xml">');
  });
});

describe('the tags point where the build writes', () => {
  it('each href is the self link of a document the build wrote, for the main feeds and for terms spelled as in posts', async () => {
    const config = siteConfig({ feeds: site({ feeds: { atom: { tags: 'feed/by_tag/:slug.xml' } } }).feeds });
    const { out } = await buildMemory(
      { 'a.md': post({ title: 'A', date: '2026-05-01T00:00:00Z', tags: ['Straße Bau', '日本語'], categories: ['C++'] }) },
      { config },
    );
    const terms: (DiscoveryTerm | undefined)[] = [undefined, { kind: 'tags', name: 'Straße Bau' }, { kind: 'tags', name: '日本語' }, { kind: 'categories', name: 'C++' }];
    for (const term of terms) {
      const [rss, atom, json] = discoveryLinks(config, term).map((tag) => attributesOf(tag).href) as [string, string, string];
      const keyOf = (href: string) => decodeURIComponent(href.slice(config.siteUrl.length));
      const selfOf = (links: ReturnType<typeof readXml>[]) => links.find((link) => link.attributes.rel === 'self')?.attributes.href;
      expect(selfOf(children(rssChannel(await text(out, keyOf(rss))), NS.atom, 'link')), rss).toBe(rss);
      expect(selfOf(children(readXml(await text(out, keyOf(atom))), NS.atom, 'link')), atom).toBe(atom);
      expect((JSON.parse(await text(out, keyOf(json))) as { feed_url: string }).feed_url, json).toBe(json);
    }
  });
});
