import { describe, expect, it } from 'vitest';
import type { PostMeta } from '../../src/model.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { fixturePost, siteConfig } from './helpers.ts';

function post(key: string, text: string, site = siteConfig()): PostMeta {
  const outcome = parsePost(key, text, site);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.post;
}

function skip(key: string, text: string, site = siteConfig()) {
  const outcome = parsePost(key, text, site);
  if (outcome.ok) throw new Error(`${key} was not skipped`);
  return outcome.error;
}

function warnings(key: string, text: string, site = siteConfig()): string[] {
  return parsePost(key, text, site).warnings.map((w) => w.message);
}

describe('parsePost: a Hugo post with TOML front matter', () => {
  const site = () => siteConfig({ timezone: 'Europe/Berlin', permalink: '/:section/:year/:month/:day/:slug/' });

  it('reads every field, applying the site timezone to a local date-time only', () => {
    expect(post('posts/hugo-toml.md', fixturePost('hugo-toml.md'), site())).toEqual({
      key: 'posts/hugo-toml.md',
      title: 'Shipping a Hugo site with TOML front matter',
      date: '2023-01-02T03:04:05.000Z',
      updated: '2023-02-10T08:30:00.000Z',
      draft: false,
      slug: 'hugo-toml',
      url: 'https://blog.example.com/posts/2023/01/02/hugo-toml/',
      id: 'https://blog.example.com/posts/2023/01/02/hugo-toml/',
      summary: 'Why the +++ fences still matter.',
      tags: ['hugo', 'toml'],
      categories: ['Tools'],
      authors: [],
    });
  });
});

describe('parsePost: a Jekyll post named YYYY-MM-DD-slug with no date key', () => {
  const key = '_posts/2013-05-06-welcome-to-jekyll.markdown';

  it('takes the date from the file name, in the site timezone, and drops it from the slug', () => {
    const meta = post(key, fixturePost('2013-05-06-welcome-to-jekyll.markdown'), siteConfig({ timezone: 'America/Los_Angeles', permalink: '/:year/:month/:day/:slug.html' }));
    expect(meta.date).toBe('2013-05-06T07:00:00.000Z');
    expect(meta.slug).toBe('welcome-to-jekyll');
    expect(meta.url).toBe('https://blog.example.com/2013/05/06/welcome-to-jekyll.html');
    expect(meta.categories).toEqual(['jekyll', 'update']);
    expect(meta.draft).toBe(false);
  });

  it('prefers a date key over the file name, but still drops the prefix from the slug', () => {
    const meta = post('2013-05-06-hello.md', '---\ntitle: Hello\ndate: 2013-05-07 02:12:52 +0200\n---\n');
    expect(meta.date).toBe('2013-05-07T00:12:52.000Z');
    expect(meta.slug).toBe('hello');
  });

  it('skips a post with neither, saying how to fix it', () => {
    expect(skip('posts/undated.md', '---\ntitle: Undated\n---\nBody\n').message).toBe(
      'posts/undated.md: has no date; add date: YYYY-MM-DD (or name the file YYYY-MM-DD-slug.md)',
    );
  });

  it('skips a file-name date that is no calendar date', () => {
    expect(skip('2013-02-30-oops.md', '---\ntitle: Oops\n---\n').message).toMatch(/file name date "2013-02-30" is not a calendar date/);
  });
});

describe('parsePost: Jekyll and Hugo read a tags string differently', () => {
  const front = (lines: string) => `---\ntitle: "Profiling Ruby with stackprof"\ndate: 2024-02-03 10:00:00 +0100\n${lines}---\nBody.\n`;

  it('splits tags: and categories: strings on whitespace in a Jekyll post (in _posts/, or named YYYY-MM-DD-)', () => {
    const text = front('tags: ruby  performance\tprofiling\ncategories: dev tools\n');
    // Jekyll makes the folders above `_posts` categories too, first.
    const expected = { '_posts/2024-02-03-stackprof.md': [], 'blog/_posts/stackprof.md': ['blog'], '2024-02-03-stackprof.md': [] };
    for (const [key, folders] of Object.entries(expected)) {
      const meta = post(key, text);
      expect(meta.tags, key).toEqual(['ruby', 'performance', 'profiling']);
      expect(meta.categories, key).toEqual([...folders, 'dev', 'tools']);
    }
  });

  it('keeps a Hugo string as one term, and a page bundle named with a date is no Jekyll post', () => {
    const text = front('tags: ruby performance\ncategories: Dev Tools\n');
    for (const key of ['posts/stackprof.md', 'posts/2024-02-03-stackprof/index.md']) {
      const meta = post(key, text);
      expect(meta.tags, key).toEqual(['ruby performance']);
      expect(meta.categories, key).toEqual(['Dev Tools']);
    }
  });

  it('never splits list entries, nor Jekyll\'s singular tag: and category:', () => {
    const meta = post('_posts/2024-02-03-stackprof.md', front('tags: [ruby on rails, performance]\ncategory: Dev Tools\n'));
    expect(meta.tags).toEqual(['ruby on rails', 'performance']);
    expect(meta.categories).toEqual(['Dev Tools']);
    expect(post('_posts/2024-02-03-a.md', front('tag: ruby on rails\n')).tags).toEqual(['ruby on rails']);
  });

  it('does not take _posts for a section', () => {
    const site = siteConfig({ permalink: '/:section/:slug/' });
    expect(post('_posts/2024-02-03-stackprof.md', front(''), site).url).toBe('https://blog.example.com/stackprof/');
    expect(post('blog/_posts/2024-02-03-stackprof.md', front(''), site).url).toBe('https://blog.example.com/blog/stackprof/');
  });
});

describe('parsePost: keys as authors really write them', () => {
  const text = () => fixturePost('messy-keys.md');

  it('matches keys without regard to case, and Published: false makes a draft', () => {
    const meta = post('notes/messy-keys.md', text());
    expect(meta.title).toBe('Case-insensitive keys');
    expect(meta.date).toBe('2024-03-05T07:00:00.000Z');
    expect(meta.publishDate).toBe('2024-03-06T08:00:00.000Z');
    expect(meta.expiryDate).toBe('2025-03-06T00:00:00.000Z');
    expect(meta.updated).toBe('2024-03-07T10:00:00.250Z');
    expect(meta.draft).toBe(true);
  });

  it('drops null, empty and repeated list entries and stringifies the rest', () => {
    const meta = post('notes/messy-keys.md', text());
    expect(meta.tags).toEqual(['rust', 'Rust', '2024']);
    expect(meta.categories).toEqual(['Notes']);
  });

  it('reads the first non-empty summary key as plain text', () => {
    expect(post('notes/messy-keys.md', text()).summary).toBe('A <b>bold</b> & plain-text description.');
  });

  it('reads authors as objects or names, resolving their URLs against the post', () => {
    expect(post('notes/messy-keys.md', text()).authors).toEqual([
      { name: 'Ada Lovelace', email: 'ada@example.com', url: 'https://blog.example.com/about/ada/' },
      { name: 'Grace Hopper' },
    ]);
    expect(warnings('notes/messy-keys.md', text())).toEqual([
      expect.stringMatching(/^notes\/messy-keys\.md:\d+: authors has an entry without a name; add name: to it$/),
    ]);
  });

  it('resolves a cover image object against the post URL', () => {
    expect(post('notes/messy-keys.md', text()).image).toBe('https://blog.example.com/messy-keys/images/cover.png');
  });
});

describe('parsePost: draft flags', () => {
  const withFlag = (flag: string) => `---\ntitle: Flags\ndate: 2020-01-01\n${flag}\n---\n`;

  it.each([
    ['draft: true', true],
    ['draft: "true"', true],
    ['draft: false', false],
    ['draft: "false"', false],
    ['published: false', true],
    ['published: "false"', true],
    ['published: no', true],
    ['published: true', false],
    ['draft:', false],
    ['published: 2019-12-31', false],
  ])('%s → draft %s', (flag, draft) => {
    expect(post('a.md', withFlag(flag)).draft).toBe(draft);
  });

  it('keeps a post with an unreadable flag as a draft and says so', () => {
    expect(post('a.md', withFlag('draft: maybe')).draft).toBe(true);
    expect(warnings('a.md', withFlag('draft: maybe'))).toEqual([
      'a.md:4: draft "maybe" is not true or false; the post is kept as a draft',
    ]);
  });

  it('keeps a post whose published flag is unreadable as a draft instead of skipping it', () => {
    expect(post('a.md', withFlag('published: maybe')).draft).toBe(true);
    expect(warnings('a.md', withFlag('published: maybe'))).toEqual([
      'a.md:4: published "maybe" is not true or false; the post is kept as a draft',
    ]);
  });

  it('reads a Hugo `published` date as the publish date', () => {
    expect(post('a.md', withFlag('published: 2019-12-31')).publishDate).toBe('2019-12-31T00:00:00.000Z');
  });
});

describe('parsePost: titles', () => {
  it('titles a post without a title from its file name, as Jekyll does, with a warning', () => {
    const outcome = parsePost('posts/2020-01-01-my-first-post.md', '---\ndate: 2020-01-01\n---\nBody\n', siteConfig());
    expect(outcome.ok && outcome.post.title).toBe('My First Post');
    expect(outcome.warnings.map((w) => w.message)).toEqual([
      'posts/2020-01-01-my-first-post.md: has no title; "My First Post" is made from the file name, as Jekyll does; add a title: line to choose it',
    ]);
  });

  it('skips a post with neither a title nor any text, naming the file and the fix', () => {
    const error = skip('posts/untitled.md', '---\ndate: 2020-01-01\n---\n\n  \n');
    expect(error).toEqual({ key: 'posts/untitled.md', message: 'posts/untitled.md: has no title and no text; add a title: line and the post itself' });
  });

  it('skips an empty title at its line', () => {
    expect(skip('a.md', '---\ndate: 2020-01-01\ntitle: "  "\n---\n')).toMatchObject({ line: 3, message: 'a.md:3: title is empty; give the post a title' });
  });

  it('skips a title that is a list', () => {
    expect(skip('a.md', '---\ntitle: [a, b]\ndate: 2020-01-01\n---\n').message).toBe('a.md:2: title is a list, not text; write it as one line of text');
  });

  it('keeps a numeric title as written and never reads HTML in it', () => {
    expect(post('a.md', '---\ntitle: 1.10\ndate: 2020-01-01\n---\n').title).toBe('1.10');
    expect(post('a.md', '---\ntitle: "  Fish & <Chips>  "\ndate: 2020-01-01\n---\n').title).toBe('Fish & <Chips>');
  });
});

describe('parsePost: dates in posts', () => {
  it('skips a post whose date is no date, naming file, line, value and fix', () => {
    const error = skip('posts/a.md', '---\ntitle: A\n\ndate: soon\n---\n');
    expect(error).toEqual({
      key: 'posts/a.md',
      line: 4,
      message: 'posts/a.md:4: date "soon" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)',
    });
  });

  it.each(['2014-09-08 maybe', 'next week', '2023-02-30'])(
    'skips date: %s',
    (value) => {
      expect(skip('a.md', `---\ntitle: A\ndate: ${value}\n---\n`).message).toContain(`date "${value}"`);
    },
  );

  it('skips an unreadable lastmod or expiryDate rather than guessing', () => {
    expect(skip('a.md', '---\ntitle: A\ndate: 2020-01-01\nlastmod: yesterday\n---\n').message).toMatch(/^a\.md:4: lastmod "yesterday" is not a date/);
    expect(skip('a.md', '---\ntitle: A\ndate: 2020-01-01\nExpiryDate: [2020]\n---\n').message).toMatch(/^a\.md:4: ExpiryDate is a list, not a date/);
  });

  it('applies the site timezone to an offset-less YAML timestamp', () => {
    const text = '---\ntitle: A\ndate: 2024-01-15 09:00:00\n---\n';
    expect(post('a.md', text, siteConfig({ timezone: 'Europe/Berlin' })).date).toBe('2024-01-15T08:00:00.000Z');
    expect(post('a.md', text, siteConfig({ timezone: 'UTC' })).date).toBe('2024-01-15T09:00:00.000Z');
  });
});

describe('parsePost: slugs, links and ids', () => {
  const minimal = (extra = '') => `---\ntitle: T\ndate: 2021-04-05T06:07:08+02:00\n${extra}---\n`;

  it('names a page bundle after its directory', () => {
    const meta = post('posts/my-trip/index.md', minimal(), siteConfig({ permalink: '/:section/:slug/' }));
    expect(meta.slug).toBe('my-trip');
    expect(meta.url).toBe('https://blog.example.com/posts/my-trip/');
  });

  it('collapses the slash an empty section leaves, and keeps the site path', () => {
    const site = siteConfig({ siteUrl: 'https://example.org/blog/', permalink: '/:section/:year/:slug/' });
    expect(post('hello.md', minimal(), site).url).toBe('https://example.org/blog/2021/hello/');
  });

  it('encodes a slug that is not URL-safe', () => {
    expect(post('a.md', minimal('slug: "naïve café?"\n')).url).toBe('https://blog.example.com/na%C3%AFve%20caf%C3%A9%3F/');
  });

  it('uses url or permalink keys, absolute or site-relative', () => {
    const site = siteConfig({ siteUrl: 'https://example.org/blog/' });
    expect(post('a.md', minimal('url: /custom/path/\n'), site).url).toBe('https://example.org/blog/custom/path/');
    expect(post('a.md', minimal('permalink: https://elsewhere.example/x\n'), site).url).toBe('https://elsewhere.example/x');
  });

  it('falls back to the pattern when url is no web address, with a warning', () => {
    const text = minimal('url: "javascript:alert(1)"\n');
    expect(post('a.md', text).url).toBe('https://blog.example.com/a/');
    expect(warnings('a.md', text)).toEqual(['a.md:4: url "javascript:alert(1)" is not a web address; the permalink pattern is used instead']);
  });

  it('takes the id from id or guid, else the link', () => {
    expect(post('a.md', minimal('guid: urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427\n')).id).toBe('urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(post('a.md', minimal('id: https://old.example.net/?p=42\nguid: other\n')).id).toBe('https://old.example.net/?p=42');
  });

  it('turns an id that is not an absolute IRI into a tag URI, as Atom requires, the same in every format', () => {
    expect(post('a.md', minimal('id: 42\nguid: other\n')).id).toBe('tag:blog.example.com,2021-04-05:42');
    expect(post('a.md', minimal('guid: "my post/1"\n')).id).toBe('tag:blog.example.com,2021-04-05:my%20post%2F1');
    expect(post('a.md', minimal()).id).toBe('https://blog.example.com/a/');
  });

  it('takes :year/:month/:day from the date as written, not from UTC', () => {
    const text = '---\ntitle: T\ndate: 2021-01-01T00:30:00+02:00\n---\n';
    expect(post('a.md', text, siteConfig({ permalink: '/:year/:month/:day/:slug/' })).url).toBe('https://blog.example.com/2021/01/01/a/');
  });
});

describe('parsePost: images and lists', () => {
  const minimal = (extra: string) => `---\ntitle: T\ndate: 2021-04-05\n${extra}---\n`;

  it('resolves a relative image against the post URL and keeps an absolute one', () => {
    expect(post('a.md', minimal('image: pic.jpg\n')).image).toBe('https://blog.example.com/a/pic.jpg');
    expect(post('a.md', minimal('image: {src: /media/p.png}\n')).image).toBe('https://blog.example.com/media/p.png');
    expect(post('a.md', minimal('cover: https://cdn.example.net/c.webp\n')).image).toBe('https://cdn.example.net/c.webp');
  });

  it('drops an image that is no web address, with a warning', () => {
    const text = minimal('image: "http://[broken"\n');
    expect(post('a.md', text).image).toBeUndefined();
    expect(warnings('a.md', text)).toEqual(['a.md:4: image "http://[broken" is not a web address; it is left out']);
  });

  it('accepts a single string for tags, categories and author', () => {
    const meta = post('a.md', minimal('tag: " solo "\ncategory: One\nauthor: Jane Doe\n'));
    expect(meta.tags).toEqual(['solo']);
    expect(meta.categories).toEqual(['One']);
    expect(meta.authors).toEqual([{ name: 'Jane Doe' }]);
  });

  it('ignores unknown keys', () => {
    const meta = post('a.md', minimal('layout: post\nweight: 3\nparams: {x: 1}\n'));
    expect(meta).not.toHaveProperty('layout');
    expect(meta.title).toBe('T');
  });
});

describe('parsePost: where a post is discussed', () => {
  const minimal = (extra: string) => `---\ntitle: T\ndate: 2021-04-05\n${extra}---\n`;
  const HINT = "it is left out; write the URL of the post's discussion (https://… or a path such as ../thread/)";

  it.each([
    ['comments: https://forum.example.org/t/42', 'https://forum.example.org/t/42', []],
    ['discussion: https://news.example.com/item?id=1&x=2', 'https://news.example.com/item?id=1&x=2', []],
    ['comments: "#comments"', 'https://blog.example.com/a/#comments', []],
    ['comments: ../threads/a/', 'https://blog.example.com/threads/a/', []],
    ['comments: /talk/a.html', 'https://blog.example.com/talk/a.html', []],
    // Jekyll's and Hugo themes' switch, in every spelling a YAML 1.1 reader takes for one: no address, no warning.
    ['comments: true', undefined, []],
    ['comments: false', undefined, []],
    ['comments: "yes"', undefined, []],
    ['comments: off', undefined, []],
    ['comments:', undefined, []],
    ['comments: ""', undefined, []],
    ['comments: true\ndiscussion: https://forum.example.org/t/7', 'https://forum.example.org/t/7', []],
    ['comments: disqus', undefined, [`a.md:4: comments "disqus" is not a web address; ${HINT}`]],
    ['comments: giscus.app', undefined, [`a.md:4: comments "giscus.app" is not a web address; ${HINT}`]],
    ['comments: ./thread/', 'https://blog.example.com/a/thread/', []],
    ['comments: 12', undefined, [`a.md:4: comments "12" is not a web address; ${HINT}`]],
    ['comments: mailto:ada@example.com', undefined, [`a.md:4: comments "mailto:ada@example.com" is not a web address; ${HINT}`]],
    ['discussion: [a, b]', undefined, [`a.md:4: discussion is a list, not a web address; ${HINT}`]],
    ['comments: {enabled: true}\ndiscussion: "#talk"', 'https://blog.example.com/a/#talk', [`a.md:4: comments is a mapping (key: value pairs), not a web address; ${HINT}`]],
  ])('%s', (front, comments, expected) => {
    const text = minimal(`${front}\n`);
    expect(post('a.md', text).comments).toBe(comments);
    expect(warnings('a.md', text)).toEqual(expected);
  });

  it('leaves the field out of the metadata when there is none', () => {
    expect(post('a.md', minimal('comments: true\n'))).not.toHaveProperty('comments');
  });
});

describe('parsePost: whole files', () => {
  it('reads a YAML post with blank lines, comments and a thematic break', () => {
    const outcome = parsePost('travel/notes.md', fixturePost('blank-lines-and-comments.md'), siteConfig({ timezone: 'America/New_York' }));
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.post.title).toBe('Notes from the road');
    expect(outcome.post.date).toBe('2016-03-21T16:00:00.000Z');
    expect(outcome.post.tags).toEqual(['travel', 'photos']);
    expect(outcome.body).toContain('\n---\n');
  });

  it('reads a CRLF post with a BOM and no final newline', () => {
    const outcome = parsePost('a.md', '\uFEFF\r\n---\r\ntitle: CRLF\r\ndate: 2020-05-05\r\n---\r\nLine 1\r\nLine 2', siteConfig());
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.post.title).toBe('CRLF');
    expect(outcome.body).toBe('Line 1\nLine 2');
  });

  it('skips a YAML error at its file line', () => {
    const error = skip('posts/bad.md', '\n---\ntitle: "unterminated\ndate: 2020-01-01\n---\nBody\n');
    expect(error.message).toMatch(/^posts\/bad\.md:\d+: YAML error: /);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('skips a file with no front matter', () => {
    expect(skip('notes.md', 'Just some notes.\n').message).toMatch(/^notes\.md:1: has no front matter/);
  });
});
