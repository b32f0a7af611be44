/**
 * Whose conventions a source follows, decided from its keys alone, and what each generator makes
 * of a post: its default URL, its dates, its taxonomies and its authors, as Hugo, Jekyll and Zola
 * read the same front matter.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Generator, PostMeta, SiteConfig } from '../../src/model.ts';
import { DEFAULT_PERMALINKS, detectGenerator, withConventions } from '../../src/posts/generators.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from './helpers.ts';

const SITE = 'https://blog.example.com';

/** A site that leaves the permalink to its generator (the shared helper sets `/:slug/`). */
function site(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return siteConfig({ permalink: undefined, ...overrides });
}

function parsed(key: string, text: string, overrides: Partial<SiteConfig> = {}) {
  const outcome = parsePost(key, text, site(overrides));
  if (!outcome.ok) throw new Error(`${key} was skipped: ${outcome.error.message}`);
  return { post: outcome.post, warnings: outcome.warnings.map((warning) => warning.message) };
}

function post(key: string, text: string, overrides: Partial<SiteConfig> = {}): PostMeta {
  return parsed(key, text, overrides).post;
}

function skipped(key: string, text: string, overrides: Partial<SiteConfig> = {}) {
  const outcome = parsePost(key, text, site(overrides));
  if (outcome.ok) throw new Error(`${key} was published as ${outcome.post.url}`);
  return outcome.error;
}

function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/blogs/${path}`, import.meta.url), 'utf8');
}

describe('detectGenerator: decided from the source keys alone', () => {
  const cases: [string, string[], Generator][] = [
    ['a Jekyll _config.yml at the root', ['_config.yml', 'about.md', 'notes.md'], 'jekyll'],
    ['a _config.yaml', ['_config.yaml', 'notes.md'], 'jekyll'],
    ['a _config.toml', ['_config.toml', 'notes.md'], 'jekyll'],
    ['_posts/ at the root', ['_posts/2014-09-08-my-first-post.md'], 'jekyll'],
    ['_posts/ below a folder', ['blog/_posts/2014-09-08-my-first-post.md', 'index.md'], 'jekyll'],
    ['a zola.toml beside content/', ['zola.toml', 'content/_index.md', 'content/blog/first.md'], 'zola'],
    ['Zola section pages are _index.md too: zola.toml wins over Hugo', ['content/blog/_index.md', 'zola.toml'], 'zola'],
    ['Jekyll wins over every other sign', ['_config.yml', 'zola.toml', 'posts/_index.md'], 'jekyll'],
    ["Zola before 0.19: a config.toml beside templates/", ['config.toml', 'templates/index.html', 'content/_index.md', 'content/blog/a.md'], 'zola'],
    ["Hugo's config.toml beside layouts/, even with a templates/ folder of its own", ['config.toml', 'layouts/index.html', 'templates/x.html', 'content/_index.md'], 'hugo'],
    ['a Hugo home section page', ['_index.md', 'posts/hello.md'], 'hugo'],
    ['a Hugo section page below a folder', ['posts/_index.md', 'posts/hello.md'], 'hugo'],
    ['a Hugo page bundle', ['posts/lisbon-by-tram/index.md', 'posts/hello.md'], 'hugo'],
    ['a page bundle in .markdown', ['posts/lisbon-by-tram/index.markdown'], 'hugo'],
    ['hugo.toml', ['hugo.toml', 'content/posts/hello.md'], 'hugo'],
    ['hugo.yaml', ['hugo.yaml', 'content/posts/hello.md'], 'hugo'],
    ['hugo.json', ['hugo.json', 'content/posts/hello.md'], 'hugo'],
    ['archetypes/', ['archetypes/default.md', 'content/posts/hello.md'], 'hugo'],
    ['a folder of posts', ['hello.md', 'notes/second.md'], 'plain'],
    ['an index.md at the root is no page bundle', ['index.md', 'hello.md'], 'plain'],
    ['a folder whose name ends in _posts is not _posts', ['my_posts/hello.md', 'team_posts/x.md'], 'plain'],
    ['a config-like name that is not _config', ['site_config.yml', 'hello.md'], 'plain'],
    ['nothing at all', [], 'plain'],
  ];
  it.each(cases)('%s', (_label, keys, generator) => {
    expect(detectGenerator(keys)).toBe(generator);
  });
});

describe('withConventions', () => {
  it('decides `auto` from the keys and fills in that generator\'s permalink', () => {
    const decided = withConventions(site({ generator: 'auto' }), ['_config.yml', '_posts/2014-09-08-a.md']);
    expect(decided.generator).toBe('jekyll');
    expect(decided.permalink).toBe('/:categories/:year/:month/:day/:title:output_ext');
  });

  it('keeps a configured generator whatever the keys say', () => {
    const decided = withConventions(site({ generator: 'zola' }), ['_config.yml', '_index.md']);
    expect(decided.generator).toBe('zola');
    expect(decided.permalink).toBe('/:sections/:slug/');
  });

  it('keeps an explicit permalink', () => {
    const decided = withConventions(site({ permalink: '/:year/:slug/' }), ['_index.md']);
    expect(decided).toMatchObject({ generator: 'hugo', permalink: '/:year/:slug/' });
  });

  it('gives each generator its own default', () => {
    expect(DEFAULT_PERMALINKS).toEqual({
      hugo: '/:sections/:slugorfilename/',
      jekyll: '/:categories/:year/:month/:day/:title:output_ext',
      zola: '/:sections/:slug/',
      plain: '/:slug/',
    });
  });
});

describe('each generator\'s default URL for a post', () => {
  const body = 'The first paragraph of a post.\n\nAnd a second one, for good measure.\n';
  const yaml = (front: string) => `---\n${front}\n---\n${body}`;
  // [generator, key, front matter, expected URL]
  const cases: [Generator, string, string, string][] = [
    // Hugo: the content path, named by `slug` or the file, lower-cased; a bundle by its folder.
    ['hugo', 'posts/Hello-Hugo.md', 'title: Hello\ndate: 2023-03-14', '/posts/hello-hugo/'],
    ['hugo', 'Posts/Go/Generics-In-Practice.md', 'title: Generics\ndate: 2023-03-14', '/posts/go/generics-in-practice/'],
    ['hugo', 'posts/Lisbon-By-Tram/index.md', 'title: Lisbon\ndate: 2023-05-02', '/posts/lisbon-by-tram/'],
    ['hugo', 'posts/release-notes-v2.md', 'title: v2\ndate: 2023-06-01\nslug: V2-Is-Out', '/posts/v2-is-out/'],
    ['hugo', 'about-me.md', 'title: About\ndate: 2023-01-01', '/about-me/'],
    // Jekyll: categories (lower-cased; folders above _posts first), the date, the file's title, .html.
    [
      'jekyll',
      '_posts/2013-05-06-welcome-to-jekyll.markdown',
      'title: Welcome\ndate: 2013-05-06 02:12:52 +0200\ncategories: jekyll update',
      '/jekyll/update/2013/05/06/welcome-to-jekyll.html',
    ],
    ['jekyll', 'blog/_posts/2014-09-08-My-First-Post.md', 'title: First\ncategories: [Ruby]', '/blog/ruby/2014/09/08/My-First-Post.html'],
    ['jekyll', 'Blog/_posts/2014-09-08-My-First-Post.md', 'title: First', '/blog/2014/09/08/My-First-Post.html'],
    ['jekyll', '_posts/2015-02-14-Hello, World!.md', 'title: Hello', '/2015/02/14/Hello,-World!.html'],
    ['jekyll', '_posts/2015-02-14-design-notes.md', 'title: Design\ncategories: [Web Dev]', '/web%20dev/2015/02/14/design-notes.html'],
    ['jekyll', '_posts/2015-02-14-design-notes.md', 'title: Design\nslug: Design-Notes-Revisited', '/2015/02/14/Design-Notes-Revisited.html'],
    // Zola: the sections, then the page's slug, slugified.
    ['zola', 'blog/2016-05-13-First-Light.md', 'title: First light', '/blog/first-light/'],
    ['zola', 'blog/night-sail/index.md', 'title: Night sail\ndate: 2016-06-21', '/blog/night-sail/'],
    ['zola', 'blog/notes.md', 'title: Notes\ndate: 2016-06-21\nslug: Notes On Optics', '/blog/notes-on-optics/'],
    // A plain folder of posts: the slug, as written.
    ['plain', 'notes/Hello-World.md', 'title: Hello\ndate: 2024-01-02', '/Hello-World/'],
    ['plain', 'notes/2024-01-02-dated.md', 'title: Dated', '/dated/'],
  ];
  it.each(cases)('%s: %s → %s', (generator, key, front, path) => {
    expect(post(key, yaml(front), { generator }).url).toBe(`${SITE}${path}`);
  });

  it('an explicit permalink wins over the generator\'s own', () => {
    const text = yaml('title: Generics\ndate: 2023-03-14');
    expect(post('posts/Generics.md', text, { generator: 'hugo', permalink: '/:year/:month/:slug/' }).url).toBe(`${SITE}/2023/03/generics/`);
    expect(post('_posts/2023-03-14-Generics.md', text, { generator: 'jekyll', permalink: '/:year/:slug/' }).url).toBe(`${SITE}/2023/generics/`);
  });

  it('a post read without a site decision decides for its own key (Jekyll _posts)', () => {
    const text = yaml('title: Welcome\ndate: 2013-05-06\ncategories: jekyll update');
    expect(post('_posts/2013-05-06-welcome.md', text, { generator: 'auto' }).url).toBe(`${SITE}/jekyll/update/2013/05/06/welcome.html`);
    expect(post('notes/welcome.md', text, { generator: 'auto' }).url).toBe(`${SITE}/welcome/`);
  });
});

describe('Zola: the slug as Zola slugifies it (slug crate: deunicode, every other character a hyphen)', () => {
  // Zola's `slugify.paths = "on"` (its default) runs `slug::slugify`: ASCII letters and digits
  // lower-cased, non-ASCII transliterated by deunicode (ü → u, ß → ss), anything else a hyphen.
  const cases: [string, string][] = [
    ['Über Rust', 'uber-rust'],
    ['Rust & WebAssembly', 'rust-webassembly'],
    ["Don't panic", 'don-t-panic'],
    ['Größe', 'grosse'],
    ['Hello World 2', 'hello-world-2'],
  ];
  it.each(cases)('slug = %j → /blog/%s/', (slug, expected) => {
    const text = `+++\ntitle = "A post"\ndate = 2016-05-13\nslug = ${JSON.stringify(slug)}\n+++\nText.\n`;
    expect(post('blog/a-post.md', text, { generator: 'zola' }).url).toBe(`${SITE}/blog/${expected}/`);
  });
});

describe('Hugo: paths as Hugo makes them (spaces become hyphens, everything lower-cased)', () => {
  it('a file name with spaces is a path with hyphens', () => {
    const text = '---\ntitle: Paris\ndate: 2023-04-01\n---\nText.\n';
    expect(post('posts/My Trip To Paris.md', text, { generator: 'hugo' }).url).toBe(`${SITE}/posts/my-trip-to-paris/`);
  });

  it('a slug with spaces is a path segment with hyphens', () => {
    const text = '---\ntitle: Paris\ndate: 2023-04-01\nslug: My Trip\n---\nText.\n';
    expect(post('posts/paris.md', text, { generator: 'hugo' }).url).toBe(`${SITE}/posts/my-trip/`);
  });

  // Our :slug is `slug:`, else the file name, for every generator; Hugo's title fallback is :title.
  it(':slug without a slug: is the file name; :title is the title, hyphenated', () => {
    const text = '---\ntitle: "Leap Year Bugs, Explained"\ndate: 2024-02-09\n---\nText.\n';
    expect(post('posts/2024-leap.md', text, { generator: 'hugo', permalink: '/:year/:slug/' }).url).toBe(`${SITE}/2024/2024-leap/`);
    expect(post('posts/2024-leap.md', text, { generator: 'hugo', permalink: '/:year/:title/' }).url).toBe(
      `${SITE}/2024/leap-year-bugs-explained/`,
    );
  });
});

describe('Zola front matter', () => {
  const zola = (overrides: Partial<SiteConfig> = {}) => ({ generator: 'zola' as const, timezone: 'Europe/Berlin', ...overrides });

  it('`path` with a date and no `date`: the URL is the path, the date is the path\'s, in the site time zone', () => {
    const text = fixture('zola/content/blog/dated-path.md');
    const { post: meta, warnings } = parsed('blog/dated-path.md', text, zola());
    expect(meta.url).toBe(`${SITE}/2016/05/13/my-slug/`);
    // Midnight in Berlin (CEST, +02:00) is 22:00 UTC the day before.
    expect(meta.date).toBe('2016-05-12T22:00:00.000Z');
    expect(meta.tags).toEqual(['site']);
    expect(warnings).toEqual([]);
  });

  it('[taxonomies] tags and categories are the post\'s tags and categories', () => {
    const meta = post('blog/2016-05-13-first-light.md', fixture('zola/content/blog/2016-05-13-first-light.md'), zola());
    expect(meta.tags).toEqual(['restoration', 'optics']);
    expect(meta.categories).toEqual(['Keeping']);
    expect(meta.summary).toBe('The lamp is lit again after forty years.');
  });

  it('a dated file name gives the date and leaves it out of the slug', () => {
    const meta = post('blog/2016-05-13-first-light.md', fixture('zola/content/blog/2016-05-13-first-light.md'), zola());
    expect(meta.date).toBe('2016-05-12T22:00:00.000Z');
    expect(meta.slug).toBe('first-light');
    expect(meta.url).toBe(`${SITE}/blog/first-light/`);
  });

  it('a local date-time is read in the site time zone', () => {
    const meta = post('blog/night-sail/index.md', fixture('zola/content/blog/night-sail/index.md'), zola());
    expect(meta.date).toBe('2016-06-21T20:10:00.000Z');
    expect(meta.url).toBe(`${SITE}/blog/night-sail/`);
    expect(meta.categories).toEqual(['Logbook']);
  });

  it('top-level tags win over [taxonomies]', () => {
    const text = '+++\ntitle = "Both"\ndate = 2016-05-13\ntags = ["top"]\n\n[taxonomies]\ntags = ["nested"]\n+++\nText.\n';
    expect(post('blog/both.md', text, zola()).tags).toEqual(['top']);
  });

  it('a path naming a file is kept as a file', () => {
    const text = '+++\ntitle = "Old"\ndate = 2016-05-13\npath = "archive/old-page.html"\n+++\nText.\n';
    expect(post('blog/old.md', text, zola()).url).toBe(`${SITE}/archive/old-page.html`);
  });
});

describe('Hugo front matter', () => {
  const hugo = { generator: 'hugo' as const, timezone: 'Europe/London' };

  it('no date but publishDate: the publish date is the date', () => {
    const meta = post('posts/release-notes-v2.md', fixture('hugo/content/posts/release-notes-v2.md'), hugo);
    expect(meta.date).toBe('2023-06-01T06:00:00.000Z');
    expect(meta.publishDate).toBe('2023-06-01T06:00:00.000Z');
    expect(meta.url).toBe(`${SITE}/posts/v2-is-out/`);
    expect(meta.slug).toBe('v2-is-out');
  });

  it('no date and no publishDate but lastmod: lastmod is the date (midnight in the site time zone)', () => {
    const meta = post('posts/style-guide-updates.md', fixture('hugo/content/posts/style-guide-updates.md'), hugo);
    // 15 July is British Summer Time: midnight there is 23:00 UTC the day before.
    expect(meta.date).toBe('2023-07-14T23:00:00.000Z');
    expect(meta.updated).toBe(meta.date);
  });

  it('date wins over publishDate and lastmod', () => {
    const text = '---\ntitle: All three\ndate: 2023-01-01T10:00:00Z\npublishDate: 2023-02-01T10:00:00Z\nlastmod: 2023-03-01T10:00:00Z\n---\nText.\n';
    const meta = post('posts/all-three.md', text, hugo);
    expect(meta.date).toBe('2023-01-01T10:00:00.000Z');
    expect(meta.updated).toBe('2023-03-01T10:00:00.000Z');
  });

  it('`url` replaces the whole path', () => {
    const meta = post('posts/old-server-migration.md', fixture('hugo/content/posts/old-server-migration.md'), hugo);
    expect(meta.url).toBe(`${SITE}/2019/11/migrating-the-old-server/`);
    expect(meta.id).toBe(meta.url);
  });

  it('`url` wins over `slug`', () => {
    const text = '---\ntitle: Both\ndate: 2023-01-01\nslug: the-slug\nurl: /elsewhere/\n---\nText.\n';
    expect(post('posts/both.md', text, hugo).url).toBe(`${SITE}/elsewhere/`);
  });

  describe('authors', () => {
    const withAuthor = (lines: string) => `---\ntitle: Authored\ndate: 2023-01-01\n${lines}\n---\nText.\n`;
    const cases: [string, string, PostMeta['authors']][] = [
      ['author: a string', 'author: Jane Doe', [{ name: 'Jane Doe' }]],
      ['author: a list', 'author: [Jane Doe, Sam Writer]', [{ name: 'Jane Doe' }, { name: 'Sam Writer' }]],
      ['authors: a string', 'authors: Jane Doe', [{ name: 'Jane Doe' }]],
      ['authors: a list of strings', 'authors:\n  - Jane Doe\n  - Sam Writer', [{ name: 'Jane Doe' }, { name: 'Sam Writer' }]],
      [
        'authors: {name, email, url} and a string',
        'authors:\n  - name: Jane Doe\n    email: jane@example.net\n    url: https://jane.example.net/\n  - Sam Writer',
        [{ name: 'Jane Doe', email: 'jane@example.net', url: 'https://jane.example.net/' }, { name: 'Sam Writer' }],
      ],
      ['author: {name, url} with a site-relative url', 'author:\n  name: Jane Doe\n  url: /about/', [{ name: 'Jane Doe', url: `${SITE}/about/` }]],
      ['by: a string', 'by: Sam Writer', [{ name: 'Sam Writer' }]],
      ['by: a list', 'by: [Sam Writer, Jane Doe]', [{ name: 'Sam Writer' }, { name: 'Jane Doe' }]],
      ['author wins over by', 'author: Jane Doe\nby: Sam Writer', [{ name: 'Jane Doe' }]],
      ['the same name twice is one author', 'authors: [Jane Doe, Jane Doe]', [{ name: 'Jane Doe' }]],
    ];
    it.each(cases)('%s', (_label, lines, authors) => {
      expect(post('posts/authored.md', withAuthor(lines), hugo).authors).toEqual(authors);
    });

    it('the page bundle fixture: {name, email, url} and a plain name, and a cover beside it', () => {
      const meta = post('posts/lisbon-by-tram/index.md', fixture('hugo/content/posts/lisbon-by-tram/index.md'), hugo);
      expect(meta.authors).toEqual([{ name: 'Jane Doe', email: 'jane@example.net', url: 'https://jane.example.net/' }, { name: 'Sam Writer' }]);
      expect(meta.url).toBe(`${SITE}/posts/lisbon-by-tram/`);
      expect(meta.image).toBe(`${SITE}/posts/lisbon-by-tram/tram-28.jpg`);
    });
  });
});

describe('Jekyll front matter', () => {
  const jekyll = { generator: 'jekyll' as const };

  it('a permalink with tokens in the front matter is filled in', () => {
    const meta = post('blog/_posts/2015-02-14-Excerpts-And-Permalinks.md', fixture('jekyll/blog/_posts/2015-02-14-Excerpts-And-Permalinks.md'), jekyll);
    expect(meta.url).toBe(`${SITE}/blog/Excerpts-And-Permalinks/`);
    expect(meta.excerptSeparator).toBe('<!-- excerpt -->');
    expect(meta.categories).toEqual(['blog', 'Jekyll']);
  });

  it('a front-matter permalink with date tokens uses the post\'s date', () => {
    const text = '---\ntitle: Dated\ndate: 2015-02-14 23:30:00 -0500\npermalink: /:year/:month/:day/:slug/\n---\nText.\n';
    expect(post('_posts/2015-02-14-Dated-Post.md', text, jekyll).url).toBe(`${SITE}/2015/02/14/dated-post/`);
  });

  it('no title: but a body → published with a title made from the file name, and a warning', () => {
    const key = 'blog/_posts/2014-09-08-my-first-post.md';
    const { post: meta, warnings } = parsed(key, fixture('jekyll/blog/_posts/2014-09-08-my-first-post.md'), jekyll);
    expect(meta.title).toBe('My First Post');
    expect(meta.date).toBe('2014-09-08T00:00:00.000Z');
    expect(meta.url).toBe(`${SITE}/blog/2014/09/08/my-first-post.html`);
    expect(meta.tags).toEqual(['ruby', 'beginners']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(key);
    expect(warnings[0]).toContain('"My First Post"');
    expect(warnings[0]).toContain('title:');
  });

  it('neither title nor body → skipped with a message naming the file', () => {
    const key = '_posts/2016-03-01-placeholder.md';
    const error = skipped(key, fixture('jekyll/_posts/2016-03-01-placeholder.md'), jekyll);
    expect(error.key).toBe(key);
    expect(error.message.startsWith(`${key}: `)).toBe(true);
    expect(error.message).toMatch(/no title and no text/);
  });

  it('a body of white space only counts as no body', () => {
    const error = skipped('_posts/2016-03-01-blank.md', '---\nlayout: post\n---\n\n   \n\t\n', jekyll);
    expect(error.message).toMatch(/no title and no text/);
  });

  it('a title made from an underscored or spaced file name', () => {
    expect(post('_posts/2014-09-08-notes_on ruby-gems.md', '---\nlayout: post\n---\nText.\n', jekyll).title).toBe('Notes On Ruby Gems');
  });
});

describe('an unreadable date:', () => {
  it('in a file named YYYY-MM-DD-slug.md: the file name\'s date, with a warning naming the file, the line and the value', () => {
    const key = '_posts/2016-01-20-new-year-notes.md';
    const { post: meta, warnings } = parsed(key, fixture('jekyll/_posts/2016-01-20-new-year-notes.md'), {
      generator: 'jekyll',
      timezone: 'America/Chicago',
    });
    // Midnight in Chicago (CST, -06:00).
    expect(meta.date).toBe('2016-01-20T06:00:00.000Z');
    expect(meta.url).toBe(`${SITE}/2016/01/20/new-year-notes.html`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${key}:4:`);
    expect(warnings[0]).toContain('"the twentieth of January"');
    expect(warnings[0]).toContain('2016-01-20');
  });

  it('outside Jekyll too (a Hugo post named by its date)', () => {
    const key = 'posts/2021-11-30-winter-prep.md';
    const { post: meta, warnings } = parsed(key, '---\ntitle: Winter prep\ndate: "TBD"\n---\nText.\n', { generator: 'hugo' });
    expect(meta.date).toBe('2021-11-30T00:00:00.000Z');
    expect(warnings.join('\n')).toContain(`${key}:3:`);
    expect(warnings.join('\n')).toContain('"TBD"');
  });

  it('an impossible calendar date in a dated file: the file name\'s date, with a warning', () => {
    const key = '_posts/2014-09-08-typo.md';
    const { post: meta, warnings } = parsed(key, '---\ntitle: Typo\ndate: 2014-13-45\n---\nText.\n', { generator: 'jekyll' });
    expect(meta.date).toBe('2014-09-08T00:00:00.000Z');
    expect(warnings.join('\n')).toContain(`${key}:3:`);
    expect(warnings.join('\n')).toContain('"2014-13-45"');
  });

  it('in a file without a date in its name: skipped, with the file, the line and the fix', () => {
    const key = 'posts/winter-prep.md';
    const error = skipped(key, '---\ntitle: Winter prep\ntags: [boats]\ndate: the week after next\n---\nText.\n', { generator: 'hugo' });
    expect(error.key).toBe(key);
    expect(error.line).toBe(4);
    expect(error.message.startsWith(`${key}:4: `)).toBe(true);
    expect(error.message).toContain('"the week after next"');
    expect(error.message).toContain('YYYY-MM-DD');
  });

  it('a readable date is used as written, never replaced by the file name\'s', () => {
    const { post: meta, warnings } = parsed('_posts/2014-09-08-late.md', '---\ntitle: Late\ndate: 2014-09-10 08:00:00 +0000\n---\nText.\n', {
      generator: 'jekyll',
    });
    expect(meta.date).toBe('2014-09-10T08:00:00.000Z');
    expect(meta.url).toBe(`${SITE}/2014/09/10/late.html`);
    expect(warnings).toEqual([]);
  });
});
