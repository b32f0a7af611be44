/**
 * Whole sites as Jekyll, Hugo and Zola keep them (tests/fixtures/blogs/), built from memory
 * stores: the build decides the generator from the listing, and every post gets the URL, date,
 * summary and authors its generator would give it.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import { countingStore, feedDirs, filesUnder, NOW, readFeedSet, siteConfig } from './helpers.ts';

const BLOGS = fileURLToPath(new URL('../fixtures/blogs/', import.meta.url));
const SITE = 'https://blog.example.com';

/** Every file of a fixture blog, as a bucket holds them. */
const blog = (dir: string): Record<string, string> => filesUnder(join(BLOGS, dir));

/** The generator decides the permalink (the shared helper sets `/:slug/`). */
function conventions(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return siteConfig({ permalink: undefined, generator: 'auto', ...overrides });
}

async function build(files: Record<string, string> | Store, config: SiteConfig, out: MemoryStore = createMemoryStore()) {
  const source = 'list' in files ? (files as Store) : createMemoryStore(files as Record<string, string>);
  const summary = await runBuild({ config, now: NOW, stores: { source, out } });
  return { summary, out, main: await readFeedSet(out) };
}

describe('a Jekyll site (_config.yml, _posts/ and blog/_posts/, a README, _drafts/)', () => {
  const config = () => conventions({ timezone: 'America/Chicago' });

  it('is built with Jekyll\'s conventions: URLs, dates, titles, categories from folders', async () => {
    const { summary, main } = await build(blog('jekyll'), config());
    expect(summary.generator).toBe('jekyll');
    // _posts/ ×3 and blog/_posts/ ×2; README.md, _drafts/, _config.yml and Gemfile are no posts.
    expect(summary.posts).toBe(5);
    expect(summary.published).toBe(4);
    expect(summary.errors).toEqual([]);

    expect(main.json.map((item) => [item.title, item.url, item.published])).toEqual([
      ['Notes for the new year', `${SITE}/2016/01/20/new-year-notes.html`, '2016-01-20T06:00:00.000Z'],
      ['Excerpts and permalinks', `${SITE}/blog/Excerpts-And-Permalinks/`, '2015-02-14T17:30:00.000Z'],
      ['My First Post', `${SITE}/blog/2014/09/08/my-first-post.html`, '2014-09-08T05:00:00.000Z'],
      ['Welcome to Jekyll!', `${SITE}/jekyll/update/2013/05/06/welcome-to-jekyll.html`, '2013-05-06T00:12:52.000Z'],
    ]);
    // Categories first (the folder above _posts, then the post's own), then tags.
    expect(main.json.map((item) => item.categories)).toEqual([
      ['planning'],
      ['blog', 'Jekyll'],
      ['blog', 'ruby', 'beginners'],
      ['jekyll', 'update', 'meta'],
    ]);
    expect(feedDirs(summary)).toEqual([
      '',
      'categories/blog/',
      'categories/jekyll/',
      'categories/update/',
      'tags/beginners/',
      'tags/meta/',
      'tags/planning/',
      'tags/ruby/',
    ]);
  });

  it('the summary is the text before the post\'s excerpt_separator, in every format', async () => {
    const { main } = await build(blog('jekyll'), config());
    const expected =
      'Jekyll shows the first paragraph of a post on the home page, which is rarely what I want. A separator of my own choosing fixes that.';
    for (const items of [main.rss, main.atom, main.json]) {
      expect(items.find((item) => item.title === 'Excerpts and permalinks')?.summary).toBe(expected);
    }
    // The whole post is still the content.
    expect(main.json.find((item) => item.title === 'Excerpts and permalinks')?.html).toContain('everything before it becomes');
  });

  it('reports the post with neither title nor text by name, and warns of the made-up title and the unreadable date', async () => {
    const { summary } = await build(blog('jekyll'), config());
    expect(summary.skipped).toEqual([
      { key: '_posts/2016-03-01-placeholder.md', error: expect.stringMatching(/^_posts\/2016-03-01-placeholder\.md: has no title and no text/) },
    ]);
    expect(summary.warnings.map((warning) => warning.key).sort()).toEqual([
      '_posts/2016-01-20-new-year-notes.md',
      'blog/_posts/2014-09-08-my-first-post.md',
    ]);
    const dateWarning = summary.warnings.find((warning) => warning.key === '_posts/2016-01-20-new-year-notes.md')?.warning ?? '';
    expect(dateWarning).toContain('_posts/2016-01-20-new-year-notes.md:4:');
    expect(dateWarning).toContain('"the twentieth of January"');
    expect(summary.warnings.find((warning) => warning.key.startsWith('blog/'))?.warning).toContain('"My First Post"');
  });

  it('never reads the README or the drafts; reads _config.yml once, for the values posts print, only when rendering', async () => {
    const source = countingStore(createMemoryStore(blog('jekyll')));
    const out = createMemoryStore();
    await build(source, config(), out);
    expect([...source.gets]).toEqual(
      expect.arrayContaining([['_config.yml', 1]]),
    );
    expect([...source.gets.keys()].sort()).toEqual([
      '_config.yml',
      '_posts/2013-05-06-welcome-to-jekyll.markdown',
      '_posts/2016-01-20-new-year-notes.md',
      '_posts/2016-03-01-placeholder.md',
      'blog/_posts/2014-09-08-my-first-post.md',
      'blog/_posts/2015-02-14-Excerpts-And-Permalinks.md',
    ]);
    const again = countingStore(source);
    await build(again, config(), out);
    expect([...again.gets.keys()]).toEqual([]);
  });

  it('a configured generator wins over the signs', async () => {
    const { summary, main } = await build(blog('jekyll'), conventions({ generator: 'plain' }));
    expect(summary.generator).toBe('plain');
    expect(main.json.find((item) => item.title === 'Welcome to Jekyll!')?.url).toBe(`${SITE}/welcome-to-jekyll/`);
  });
});

describe('a Hugo content directory (_index.md, posts/, a page bundle)', () => {
  const config = () => conventions({ timezone: 'Europe/London' });

  it('is built with Hugo\'s conventions: lower-cased content paths, slug, url, publishDate and lastmod dates, authors', async () => {
    const { summary, main } = await build(blog('hugo/content'), config());
    expect(summary.generator).toBe('hugo');
    // The two _index.md section pages are not posts.
    expect(summary.posts).toBe(5);
    expect(summary.published).toBe(5);
    expect(summary.skipped).toEqual([]);
    expect(summary.warnings).toEqual([]);

    expect(main.json.map((item) => [item.url, item.published, item.authors])).toEqual([
      [`${SITE}/posts/style-guide-updates/`, '2023-07-14T23:00:00.000Z', ['Sam Writer']],
      [`${SITE}/posts/v2-is-out/`, '2023-06-01T06:00:00.000Z', ['Jane Doe', 'Sam Writer']],
      [`${SITE}/posts/lisbon-by-tram/`, '2023-05-02T17:45:00.000Z', ['Jane Doe', 'Sam Writer']],
      [`${SITE}/posts/hello-hugo/`, '2023-03-14T08:00:00.000Z', ['Jane Doe']],
      // No author in its front matter: the site's.
      [`${SITE}/2019/11/migrating-the-old-server/`, '2019-11-02T00:00:00.000Z', ['Ada Example']],
    ]);
    expect(feedDirs(summary)).toContain('tags/static-sites/');
    expect(feedDirs(summary)).toContain('categories/meta/');
  });

  it('the page bundle\'s author e-mail reaches Atom, and its cover the JSON Feed', async () => {
    const { main } = await build(blog('hugo/content'), config());
    expect(main.texts.atom).toContain('<email>jane@example.net</email>');
    const json = JSON.parse(main.texts.json) as { items: { url: string; image?: string }[] };
    expect(json.items.find((item) => item.url.endsWith('/lisbon-by-tram/'))?.image).toBe(`${SITE}/posts/lisbon-by-tram/tram-28.jpg`);
  });

  it('the Hugo site root (hugo.toml, archetypes/, content/) gives the same URLs as its content/', async () => {
    const fromContent = await build(blog('hugo/content'), config());
    const fromRoot = await build(blog('hugo'), config());
    expect(fromRoot.summary.generator).toBe('hugo');
    // Hugo serves content/posts/hello-hugo.md at /posts/hello-hugo/: content/ is no section.
    expect(fromRoot.main.json.map((item) => item.url)).toEqual(fromContent.main.json.map((item) => item.url));
  });

  it('at the Hugo site root, an archetype (a template for new posts) is not a post', async () => {
    const { summary } = await build(blog('hugo'), config());
    expect(summary.skipped).toEqual([]);
    expect(summary.posts).toBe(5);
  });
});

describe('a Zola site (zola.toml, content/ with sections, [taxonomies], path, a dated file name)', () => {
  const config = (overrides: Partial<SiteConfig> = {}) => conventions({ timezone: 'Europe/Berlin', ...overrides });

  it('its content directory, built as Zola: slugs, path, file-name dates, taxonomies', async () => {
    const { summary, main } = await build(blog('zola/content'), config({ generator: 'zola' }));
    expect(summary.generator).toBe('zola');
    expect(summary.posts).toBe(3);
    expect(summary.skipped).toEqual([]);
    expect(main.json.map((item) => [item.title, item.url, item.published, item.categories])).toEqual([
      ['Night sail', `${SITE}/blog/night-sail/`, '2016-06-21T20:10:00.000Z', ['Logbook', 'sailing']],
      // Both dated 13 May 2016 (midnight in Berlin); ties go by URL.
      ['A path with a date in it', `${SITE}/2016/05/13/my-slug/`, '2016-05-12T22:00:00.000Z', ['site']],
      ['First light', `${SITE}/blog/first-light/`, '2016-05-12T22:00:00.000Z', ['Keeping', 'restoration', 'optics']],
    ]);
    expect(main.json.find((item) => item.title === 'First light')?.summary).toBe('The lamp is lit again after forty years.');
    expect(feedDirs(summary)).toEqual([
      '',
      'categories/keeping/',
      'categories/logbook/',
      'tags/optics/',
      'tags/restoration/',
      'tags/sailing/',
      'tags/site/',
    ]);
  });

  it('the site root (zola.toml beside content/) is detected as Zola and gives the same URLs as its content/', async () => {
    const fromContent = await build(blog('zola/content'), config({ generator: 'zola' }));
    const fromRoot = await build(blog('zola'), config());
    expect(fromRoot.summary.generator).toBe('zola');
    expect(fromRoot.summary.posts).toBe(3);
    // Zola serves content/blog/night-sail/ at /blog/night-sail/: content/ is no section.
    expect(fromRoot.main.json.map((item) => item.url)).toEqual(fromContent.main.json.map((item) => item.url));
  });
});

describe('conventions and the manifest', () => {
  const files = {
    '_posts/2014-09-08-my-first-post.md': '---\nlayout: post\ntitle: Hello there\ndate: 2014-09-08 10:00:00 +0000\n---\nFirst words.\n',
  };

  it('the generator decided on a later run re-reads the posts it reads differently', async () => {
    const out = createMemoryStore();
    const first = await build(files, siteConfig({ generator: 'plain', permalink: '/:year/:title/' }), out);
    expect(first.main.json[0]?.url).toBe(`${SITE}/2014/Hello-there/`);
    // Same files, same pattern; only the conventions change: Jekyll's :title is the file's name.
    const second = await build(files, siteConfig({ generator: 'auto', permalink: '/:year/:title/' }), out);
    expect(second.summary.generator).toBe('jekyll');
    expect(second.main.json[0]?.url).toBe(`${SITE}/2014/my-first-post/`);
  });

  it('the generator is decided from every key, not only from the posts', async () => {
    const { summary, main } = await build(
      { '_config.yml': 'title: x\n', 'notes/2020-02-02-ground-hog.md': '---\ntitle: Groundhog\ncategories: Notes\n---\nAgain.\n' },
      conventions(),
    );
    expect(summary.generator).toBe('jekyll');
    expect(main.json[0]?.url).toBe(`${SITE}/notes/2020/02/02/ground-hog.html`);
  });
});
