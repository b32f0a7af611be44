/**
 * Feeds where the old generator put them: the `feeds` setting names each format's main and term
 * files, a full build writes exactly those keys, and every document links to itself and to its
 * other two formats at those keys. Bad patterns are configuration errors.
 */
import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../../src/config/resolve.ts';
import type { FeedPaths } from '../../src/model.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { children, NS, readXml, rssChannel } from '../support/feed-checks.ts';
import { buildMemory, keys, post, siteConfig, text } from './helpers.ts';

const SITE = 'https://blog.example.com/';
const REQUIRED = { siteUrl: SITE, title: 'Example Blog' };

/** The `feeds` value as the config file gives it, through the schema (defaults filled in). */
function feedsFrom(value: unknown): FeedPaths {
  return resolveConfig({ file: { path: 'feedbucket.config.json', values: { ...REQUIRED, feeds: value } } }).feeds;
}

const POSTS: Record<string, string> = {
  'posts/profiling-go-services.md': post(
    { title: 'Profiling Go services', date: '2024-04-02T09:00:00Z', tags: ['Go', 'Tooling'], categories: ['Engineering'] },
    'We finally put pprof behind an admin endpoint.\n\nThis is what the first week of flame graphs taught us.\n',
  ),
  'posts/why-we-moved-to-hugo.md': post(
    { title: 'Why we moved to Hugo', date: '2024-03-01T12:00:00Z', tags: ['Hugo'], categories: ['Engineering'] },
    'The old blog engine needed a database for twelve posts a year.\n\nThe new one needs a folder.\n',
  ),
  'posts/team-offsite-notes.md': post(
    { title: 'Team offsite notes', date: '2024-02-10T16:30:00Z', categories: ['Company'] },
    'Two days in a farmhouse, one whiteboard, no Wi-Fi worth the name.\n',
  ),
};
const TAGS = ['go', 'tooling', 'hugo'];
const CATEGORIES = ['engineering', 'company'];

type Files = { rss: string; atom: string; json: string };

/** One feed's three keys: the main one, or a term's with its slug filled in. */
function feedKeys(paths: FeedPaths, term?: { kind: 'tags' | 'categories'; slug: string }): Files {
  const key = (format: keyof Files) => (term ? paths[format][term.kind].replace(':slug', term.slug) : paths[format].main);
  return { rss: key('rss'), atom: key('atom'), json: key('json') };
}

function allFeeds(paths: FeedPaths): Files[] {
  return [
    feedKeys(paths),
    ...TAGS.map((slug) => feedKeys(paths, { kind: 'tags', slug })),
    ...CATEGORIES.map((slug) => feedKeys(paths, { kind: 'categories', slug })),
  ];
}

interface Link {
  rel: string;
  type: string;
  href: string;
}

function linksOf(elements: ReturnType<typeof readXml>[]): Link[] {
  return elements.map((element) => ({
    rel: element.attributes.rel ?? 'alternate',
    type: element.attributes.type ?? '',
    href: element.attributes.href ?? '',
  }));
}

const url = (key: string) => new URL(key, SITE).href;

/** Each document of `files` links to itself as self and to the other two as alternates. */
async function expectLinkedAt(out: MemoryStore, files: Files): Promise<void> {
  const rss = rssChannel(await text(out, files.rss));
  expect(linksOf(children(rss, NS.atom, 'link')), files.rss).toEqual([
    { rel: 'self', type: 'application/rss+xml', href: url(files.rss) },
    { rel: 'alternate', type: 'application/atom+xml', href: url(files.atom) },
    { rel: 'alternate', type: 'application/feed+json', href: url(files.json) },
  ]);
  const atom = readXml(await text(out, files.atom));
  expect(
    linksOf(children(atom, NS.atom, 'link')).filter((link) => link.type !== 'text/html'),
    files.atom,
  ).toEqual([
    { rel: 'self', type: 'application/atom+xml', href: url(files.atom) },
    { rel: 'alternate', type: 'application/rss+xml', href: url(files.rss) },
    { rel: 'alternate', type: 'application/feed+json', href: url(files.json) },
  ]);
  const json = JSON.parse(await text(out, files.json)) as { feed_url: string };
  expect(json.feed_url, files.json).toBe(url(files.json));
}

async function buildWith(paths: FeedPaths, files = POSTS, out = createMemoryStore()) {
  return buildMemory(files, { config: siteConfig({ feeds: paths }), out });
}

describe('feed paths of the generator a site came from', () => {
  const layouts: [string, unknown][] = [
    ['Hugo (index.xml everywhere)', { rss: { main: 'index.xml', tags: 'tags/:slug/index.xml', categories: 'categories/:slug/index.xml' } }],
    ['jekyll-feed (feed.xml, feed/by_tag/, feed/<category>.xml)', { atom: { main: 'feed.xml', tags: 'feed/by_tag/:slug.xml', categories: 'feed/:slug.xml' } }],
    ['Zola (atom.xml and rss.xml, tags/<slug>/)', { atom: { main: 'atom.xml', tags: 'tags/:slug/atom.xml' }, rss: { main: 'rss.xml' } }],
    [
      'every format renamed',
      {
        rss: { main: 'feeds/all.rss', tags: 'feeds/tag-:slug.rss', categories: 'feeds/category-:slug.rss' },
        atom: { main: 'feeds/all.atom', tags: 'feeds/tag-:slug.atom', categories: 'feeds/category-:slug.atom' },
        json: { main: 'feeds/all.json', tags: 'feeds/tag-:slug.json', categories: 'feeds/category-:slug.json' },
      },
    ],
  ];

  it.each(layouts)('%s: a full build writes exactly those keys', async (_name, value) => {
    const paths = feedsFrom(value);
    const { summary, out } = await buildWith(paths);
    expect(summary.errors).toEqual([]);
    const expected = allFeeds(paths).flatMap((files) => [files.rss, files.atom, files.json]);
    expect(new Set(expected).size).toBe(expected.length);
    expect(summary.feeds.map((feed) => feed.key).sort()).toEqual([...expected].sort());
    expect(summary.feeds.every((feed) => feed.changed)).toBe(true);
    expect(await keys(out)).toEqual([...expected, '.feedbucket/manifest.json'].sort());
  });

  it.each(layouts)('%s: every document links to itself and to its other formats', async (_name, value) => {
    const paths = feedsFrom(value);
    const { out } = await buildWith(paths);
    for (const files of allFeeds(paths)) await expectLinkedAt(out, files);
  });

  it('Hugo: index.xml is RSS by its content, whatever its name says', async () => {
    const paths = feedsFrom(layouts[0]![1]);
    const { summary, out } = await buildWith(paths);
    expect(out.contentType('index.xml')).toBe('application/rss+xml; charset=utf-8');
    expect(out.contentType('tags/go/index.xml')).toBe('application/rss+xml; charset=utf-8');
    expect(out.contentType('atom.xml')).toBe('application/atom+xml; charset=utf-8');
    expect(summary.feeds.find((feed) => feed.key === 'index.xml')?.items).toBe(3);
    expect(summary.feeds.find((feed) => feed.key === 'categories/engineering/index.xml')?.items).toBe(2);
    expect(summary.feeds.find((feed) => feed.key === 'tags/go/index.xml')?.items).toBe(1);
  });

  it('jekyll-feed: the tag and category feeds hold their posts under their new names', async () => {
    const paths = feedsFrom(layouts[1]![1]);
    const { out } = await buildWith(paths);
    const titles = (xml: string) => children(readXml(xml), NS.atom, 'entry').map((entry) => children(entry, NS.atom, 'title')[0]?.text);
    expect(titles(await text(out, 'feed.xml'))).toEqual(['Profiling Go services', 'Why we moved to Hugo', 'Team offsite notes']);
    expect(titles(await text(out, 'feed/by_tag/hugo.xml'))).toEqual(['Why we moved to Hugo']);
    expect(titles(await text(out, 'feed/company.xml'))).toEqual(['Team offsite notes']);
    // Each feed keeps its own identity, whatever its file is called.
    const id = (xml: string) => children(readXml(xml), NS.atom, 'id')[0]?.text;
    expect(id(await text(out, 'feed/company.xml'))).toBe(`${SITE}categories/company/`);
  });

  it('a second run with nothing changed writes nothing', async () => {
    const paths = feedsFrom(layouts[1]![1]);
    const out = createMemoryStore();
    await buildWith(paths, POSTS, out);
    const putsBefore = out.requests.put;
    const { summary } = await buildWith(paths, POSTS, out);
    expect(summary.feeds.some((feed) => feed.changed)).toBe(false);
    expect(out.requests.put).toBe(putsBefore);
  });

  it('jekyll-feed: a tag\'s feed is deleted when its last post goes, like tags/<slug>/ ones', async () => {
    const paths = feedsFrom(layouts[1]![1]);
    const out = createMemoryStore();
    await buildWith(paths, POSTS, out);
    expect(await keys(out)).toContain('feed/by_tag/hugo.xml');
    const untagged = {
      ...POSTS,
      'posts/why-we-moved-to-hugo.md': post(
        { title: 'Why we moved to Hugo', date: '2024-03-01T12:00:00Z', categories: ['Engineering'] },
        'The old blog engine needed a database for twelve posts a year.\n',
      ),
    };
    const { summary } = await buildWith(paths, untagged, out);
    expect(summary.deleted).toContain('feed/by_tag/hugo.xml');
    expect(await keys(out)).not.toContain('feed/by_tag/hugo.xml');
    // Its JSON and RSS siblings under the default names go too.
    expect(summary.deleted).toEqual(expect.arrayContaining(['tags/hugo/rss.xml', 'tags/hugo/feed.json']));
  });

  it('a term feed whose file would be the main feed\'s never replaces the main feed', async () => {
    // `:slug.xml` for categories and `feed.xml` for the main Atom feed: a category "Feed" collides.
    const paths = feedsFrom({ atom: { main: 'feed.xml', categories: ':slug.xml' } });
    const files = {
      ...POSTS,
      'posts/about-this-feed.md': post({ title: 'About this feed', date: '2024-01-05T08:00:00Z', categories: ['Feed'] }, 'Subscribe here.\n'),
    };
    let outcome: Awaited<ReturnType<typeof buildWith>> | undefined;
    let failure: unknown;
    try {
      outcome = await buildWith(paths, files);
    } catch (error) {
      failure = error;
    }
    if (outcome === undefined) {
      // Refusing the build is an answer too, if it names the clash.
      expect(String(failure)).toContain('feed.xml');
      return;
    }
    const entries = children(readXml(await text(outcome.out, 'feed.xml')), NS.atom, 'entry');
    expect(entries).toHaveLength(4);
    expect(outcome.summary.feeds.filter((feed) => feed.key === 'feed.xml')).toHaveLength(1);
    // The category's feed is the one left out, and said so under its own name.
    expect(outcome.summary.errors).toEqual([{ key: 'categories/feed/', error: expect.stringContaining('would overwrite feed.xml') }]);
  });
});

describe('feed path configuration errors', () => {
  function problems(feeds: unknown, layer: 'file' | 'env' = 'file'): string[] {
    const check =
      layer === 'file'
        ? checkConfig({ file: { path: 'feedbucket.config.json', values: { ...REQUIRED, feeds } } })
        : checkConfig({ flags: REQUIRED, env: { FEED_PATHS: feeds as string } });
    if (check.ok) throw new Error(`feeds ${JSON.stringify(feeds)} was accepted`);
    return check.problems.map((problem) => problem.message);
  }

  const cases: [string, unknown, string[]][] = [
    ['a term pattern without :slug', { rss: { tags: 'tags/index.xml' } }, ['"tags/index.xml" has no :slug', 'every term would share one file']],
    ['a main file with :slug', { rss: { main: ':slug.xml' } }, ['":slug.xml" has :slug, which only term feeds have']],
    ['two formats sharing one file', { rss: { main: 'index.xml' }, atom: { main: 'index.xml' } }, ['rss.main and atom.main the same file "index.xml"']],
    ['tags and categories sharing one pattern', { rss: { tags: 'feed/:slug.xml', categories: 'feed/:slug.xml' } }, ['rss.tags and rss.categories the same file "feed/:slug.xml"']],
    ['a path with ..', { rss: { main: '../index.xml' } }, ['"../index.xml" is not a file path inside out']],
    ['a path with .. in the middle', { atom: { tags: 'tags/../../:slug.xml' } }, ['is not a file path inside out']],
    ['an absolute path', { json: { main: '/feed.json' } }, ['"/feed.json" is not a file path inside out']],
    ['a path under .feedbucket/', { json: { main: '.feedbucket/feed.json' } }, ['inside .feedbucket/, where the build keeps its state']],
    ['a term path under .feedbucket/', { rss: { tags: '.feedbucket/:slug.xml' } }, ['inside .feedbucket/']],
    ['a term pattern naming another token instead of :slug', { rss: { tags: 'tags/:name/index.xml' } }, ['has no :slug']],
    ['a token beside :slug', { rss: { tags: 'tags/:slug/:lang.xml' } }, ['has a token other than :slug']],
    ['an unknown format', { xml: { main: 'index.xml' } }, ['feeds:']],
    ['an unknown scope', { rss: { home: 'index.xml' } }, ['feeds:']],
  ];
  it.each(cases)('%s', (_name, feeds, fragments) => {
    const messages = problems(feeds);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^feeds: /);
    expect(messages[0]).toContain('from feedbucket.config.json');
    for (const fragment of fragments) expect(messages[0]).toContain(fragment);
  });

  it('FEED_PATHS is JSON; anything else says so', () => {
    const messages = problems('rss=index.xml', 'env');
    expect(messages[0]).toContain('from FEED_PATHS');
    expect(messages[0]).toContain('is not JSON');
  });

  it('FEED_PATHS as JSON is read like the file\'s value', () => {
    const config = resolveConfig({ flags: REQUIRED, env: { FEED_PATHS: '{"rss":{"main":"index.xml","tags":"tags/:slug/index.xml"}}' } });
    expect(config.feeds.rss).toEqual({ main: 'index.xml', tags: 'tags/:slug/index.xml', categories: 'categories/:slug/rss.xml' });
    expect(config.feeds.atom).toEqual({ main: 'atom.xml', tags: 'tags/:slug/atom.xml', categories: 'categories/:slug/atom.xml' });
  });

  it('left out, every file has its default name', () => {
    expect(resolveConfig({ flags: REQUIRED }).feeds).toEqual({
      rss: { main: 'rss.xml', tags: 'tags/:slug/rss.xml', categories: 'categories/:slug/rss.xml' },
      atom: { main: 'atom.xml', tags: 'tags/:slug/atom.xml', categories: 'categories/:slug/atom.xml' },
      json: { main: 'feed.json', tags: 'tags/:slug/feed.json', categories: 'categories/:slug/feed.json' },
    });
  });
});
