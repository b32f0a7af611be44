/**
 * Rendering through the whole engine: only posts some feed contains are rendered (and read
 * only once), every URL in item HTML is absolute against the post's own URL, and summaries are
 * plain text in all three formats.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../src/stores/memory.ts';
import type { PostToRender, RenderSite } from '../../src/render/render-post.ts';
import { buildMemory, countingStore, formats, post, readFeedSet, siteConfig } from './helpers.ts';

/** Bodies that must never reach the renderer carry this marker. */
const NEVER_RENDER = 'NEVER-RENDER-THIS-BODY';
const rendered: string[] = [];

vi.mock(import('../../src/render/render-post.ts'), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    renderPost: (body: string, post: PostToRender, site: RenderSite) => {
      rendered.push(post.url);
      if (body.includes(NEVER_RENDER)) throw new Error(`rendered a post no feed contains: ${post.url}`);
      return original.renderPost(body, post, site);
    },
  };
});

beforeEach(() => {
  rendered.length = 0;
});

describe('what is rendered', () => {
  const POSTS: Record<string, string> = {
    'new.md': post({ title: 'New', date: '2026-05-01T00:00:00Z', tags: ['shared'] }, 'New body.\n'),
    'middle.md': post({ title: 'Middle', date: '2026-04-01T00:00:00Z', tags: ['shared'] }, 'Middle body.\n'),
    // Beyond the limit of 1 in the main feed and in `shared`, but the newest in `lonely`.
    'old-tagged.md': post({ title: 'Old but tagged', date: '2026-03-01T00:00:00Z', tags: ['shared', 'lonely'] }, 'Old tagged body.\n'),
    // Beyond the limit everywhere: no feed contains them.
    'old-1.md': post({ title: 'Old one', date: '2020-01-01T00:00:00Z', tags: ['shared'] }, `${NEVER_RENDER}\n\n${'x'.repeat(50_000)}\n`),
    'old-2.md': post({ title: 'Old two', date: '2019-01-01T00:00:00Z' }, `<div>${NEVER_RENDER} ]]> <unclosed\n`),
    'draft.md': post({ title: 'Draft', date: '2026-05-02T00:00:00Z', draft: true }, `${NEVER_RENDER}\n`),
  };
  /** Not posts: never listed as such, never read. */
  const NOT_POSTS: Record<string, string> = {
    'new/bucket.png': 'not an image, not a post',
    '_drafts/jekyll-draft.md': post({ title: 'Jekyll draft', date: '2026-05-03T00:00:00Z' }, `${NEVER_RENDER}\n`),
    'posts/_index.md': post({ title: 'Section page', date: '2026-05-03T00:00:00Z' }, `${NEVER_RENDER}\n`),
    '.hidden/secret.md': post({ title: 'Hidden', date: '2026-05-03T00:00:00Z' }, `${NEVER_RENDER}\n`),
    'notes.txt': 'plain text',
  };

  it('renders only posts some feed contains, each once, and reads every post once', async () => {
    const source = countingStore(createMemoryStore({ ...POSTS, ...NOT_POSTS }));
    const { summary, out } = await buildMemory({}, { source, config: siteConfig({ limit: 1 }) });
    expect(summary.errors).toEqual([]);
    expect(summary.published).toBe(5);
    expect(summary.posts).toBe(Object.keys(POSTS).length);
    for (const key of Object.keys(NOT_POSTS)) expect(source.gets.has(key), key).toBe(false);

    expect([...rendered].sort()).toEqual(
      ['https://blog.example.com/new/', 'https://blog.example.com/old-tagged/'].sort(),
    );
    for (const key of Object.keys(POSTS)) expect(source.gets.get(key), key).toBe(1);
    for (const [key, count] of source.gets) expect(count, key).toBe(1);

    expect((await readFeedSet(out)).json.map((item) => item.title)).toEqual(['New']);
    expect((await readFeedSet(out, 'tags/shared/')).json.map((item) => item.title)).toEqual(['New']);
    expect((await readFeedSet(out, 'tags/lonely/')).json.map((item) => item.title)).toEqual(['Old but tagged']);
  });

  it('reads and renders nothing again on a second build when nothing changed', async () => {
    const inner = createMemoryStore(POSTS);
    const out = createMemoryStore();
    await buildMemory({}, { source: inner, out, config: siteConfig({ limit: 1 }) });
    rendered.length = 0;
    const source = countingStore(inner);
    const again = await buildMemory({}, { source, out, config: siteConfig({ limit: 1 }) });
    for (const feed of again.summary.feeds) expect(feed.changed, feed.key).toBe(false);
    expect(rendered).toEqual([]);
    expect([...source.gets.keys()]).toEqual([]);
  });

  it('reads again and renders only the post that changed', async () => {
    const inner = createMemoryStore(POSTS);
    const out = createMemoryStore();
    await buildMemory({}, { source: inner, out, config: siteConfig({ limit: 1 }) });
    rendered.length = 0;
    await inner.put('new.md', POSTS['new.md']!.replace('New body.', 'New body, edited.'), 'text/markdown');
    const source = countingStore(inner);
    const { summary } = await buildMemory({}, { source, out, config: siteConfig({ limit: 1 }) });
    expect(rendered).toEqual(['https://blog.example.com/new/']);
    expect([...source.gets]).toEqual([['new.md', 1]]);
    expect(summary.feeds.find((feed) => feed.key === 'rss.xml')?.changed).toBe(true);
    expect(summary.feeds.find((feed) => feed.key === 'tags/lonely/rss.xml')?.changed).toBe(false);
  });
});

describe('a post that enters a feed later', () => {
  it('is read again and rendered then, once', async () => {
    const files = {
      'newest.md': post({ title: 'Newest', date: '2026-05-02T00:00:00Z' }, 'Newest body.\n'),
      'older.md': post({ title: 'Older', date: '2026-05-01T00:00:00Z' }, 'Older body with a [link](there/).\n'),
    };
    const inner = createMemoryStore(files);
    const out = createMemoryStore();
    await buildMemory({}, { source: inner, out, config: siteConfig({ limit: 1 }) });
    expect(rendered).toEqual(['https://blog.example.com/newest/']);

    rendered.length = 0;
    await inner.delete('newest.md');
    const source = countingStore(inner);
    await buildMemory({}, { source, out, config: siteConfig({ limit: 1 }) });
    expect(rendered).toEqual(['https://blog.example.com/older/']);
    expect([...source.gets]).toEqual([['older.md', 1]]);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Older']);
      expect(items[0]?.html, format).toContain('href="https://blog.example.com/older/there/"');
    }
  });
});

describe('URLs in item HTML', () => {
  // The post lives at https://example.org/blog/2026/urls/ (site under a path, dated permalink).
  const BASE = 'https://example.org/blog/2026/urls/';
  const BODY = [
    'Inline [relative](other/), [parent](../), [root](/about/), [query](q?a=1&b=2) and [absolute](https://elsewhere.example/x).',
    '',
    'A [reference link][ref], a [collapsed reference][] and a [fragment](#section) link.',
    '',
    '![An image](img/pic.png "Pic")',
    '',
    'Raw inline HTML: <a href="raw.html">raw link</a>, <a href=\'#raw-fragment\'>raw fragment</a>,',
    '<img src="raw.png" srcset="raw-1x.png 1x, ../raw-2x.png 2x"> and <a HREF=bare.html>bare</a>.',
    '',
    '<figure>',
    '<video poster="poster.jpg" src="clip.mp4"></video>',
    '<picture><source srcset="wide.webp 800w, /narrow.webp 400w"><img src="fallback.jpg"></picture>',
    '<a href="//cdn.example/lib.js">protocol-relative</a> <a href="mailto:ada@example.org">mail</a>',
    '</figure>',
    '',
    'Code stays code: `<a href="not-a-link.html">`',
    '',
    '[ref]: ref/target/',
    '[collapsed reference]: ../collapsed/',
  ].join('\n');

  const EXPECTED: Record<string, string> = {
    relative: `${BASE}other/`,
    parent: 'https://example.org/blog/2026/',
    root: 'https://example.org/about/',
    query: `${BASE}q?a=1&b=2`,
    absolute: 'https://elsewhere.example/x',
    reference: `${BASE}ref/target/`,
    collapsed: 'https://example.org/blog/2026/collapsed/',
    fragment: `${BASE}#section`,
    image: `${BASE}img/pic.png`,
    rawLink: `${BASE}raw.html`,
    rawFragment: `${BASE}#raw-fragment`,
    rawImage: `${BASE}raw.png`,
    bare: `${BASE}bare.html`,
    poster: `${BASE}poster.jpg`,
    video: `${BASE}clip.mp4`,
    fallback: `${BASE}fallback.jpg`,
    protocolRelative: 'https://cdn.example/lib.js',
  };

  async function buildUrls() {
    const config = siteConfig({ siteUrl: 'https://example.org/blog/', permalink: '/:year/:slug/' });
    const { out } = await buildMemory({ 'urls.md': post({ title: 'URLs', date: '2026-05-01T00:00:00Z' }, BODY) }, { config });
    return readFeedSet(out);
  }

  /** Every URL-valued attribute in `html`: [attribute, value] with entities decoded. */
  function urlAttributes(html: string): [string, string][] {
    const found: [string, string][] = [];
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    for (const tag of tags) {
      for (const match of tag.matchAll(/\s(href|src|srcset|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
        const value = (match[2] ?? match[3] ?? match[4] ?? '').replaceAll('&amp;', '&');
        found.push([match[1]!.toLowerCase(), value]);
      }
    }
    return found;
  }

  it('resolves href, src, srcset, poster, reference and fragment links against the post URL in every format', async () => {
    const set = await buildUrls();
    expect(set.rss[0]?.url).toBe(BASE);
    for (const [format, items] of formats(set)) {
      const html = items[0]?.html ?? '';
      const values = urlAttributes(html);
      expect(values.length, format).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
      const urls = values.flatMap(([name, value]) =>
        name === 'srcset' ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!) : [value],
      );
      for (const url of urls) {
        expect(URL.canParse(url), `${format}: ${url} is not absolute`).toBe(true);
        expect(new URL(url).protocol, `${format}: ${url}`).toMatch(/^(https:|mailto:)$/);
      }
      for (const [what, url] of Object.entries(EXPECTED)) expect(urls, `${format}: ${what}`).toContain(url);
      expect(urls, `${format}: srcset 1x`).toContain(`${BASE}raw-1x.png`);
      expect(urls, `${format}: srcset 2x`).toContain('https://example.org/blog/2026/raw-2x.png');
      expect(urls, `${format}: source srcset`).toContain(`${BASE}wide.webp`);
      expect(urls, `${format}: source srcset`).toContain('https://example.org/narrow.webp');
      expect(html, `${format}: srcset descriptors`).toMatch(/raw-1x\.png 1x, https:\/\/example\.org\/blog\/2026\/raw-2x\.png 2x/);
      expect(html, `${format}: code is left alone`).toContain('&lt;a href="not-a-link.html"&gt;');
    }
  });

  it('keeps a data: URI candidate in a srcset intact (its comma is not a candidate separator)', async () => {
    // Lazy-loading placeholders, common in exported WordPress HTML.
    const pixel = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    const body = `<img src="${pixel}" srcset="${pixel} 1x, photo@2x.jpg 2x" alt="lazy">\n`;
    const { out } = await buildMemory({ 'lazy.md': post({ title: 'Lazy', date: '2026-05-01T00:00:00Z' }, body) });
    for (const [format, items] of formats(await readFeedSet(out))) {
      const html = items[0]?.html ?? '';
      expect(html, format).toContain(`src="${pixel}"`);
      expect(html, format).toContain(`srcset="${pixel} 1x, https://blog.example.com/lazy/photo@2x.jpg 2x"`);
    }
  });

  it('turns an empty link target into the post’s own URL, as a browser reads it', async () => {
    const body = 'An [empty markdown link]() and a <a href="">raw empty link</a>.\n';
    const { out } = await buildMemory({ 'empty.md': post({ title: 'Empty', date: '2026-05-01T00:00:00Z' }, body) });
    for (const [format, items] of formats(await readFeedSet(out))) {
      const html = items[0]?.html ?? '';
      expect(html, format).not.toContain('href=""');
      expect(html.match(/href="https:\/\/blog\.example\.com\/empty\/"/g), format).toHaveLength(2);
    }
  });

  it('keeps a query string’s & correctly escaped in the HTML', async () => {
    const set = await buildUrls();
    for (const [format, items] of formats(set)) {
      expect(items[0]?.html, format).toContain(`href="${BASE}q?a=1&amp;b=2"`);
    }
  });
});

describe('summaries', () => {
  const MORE = post(
    { title: 'With a more marker', date: '2026-05-02T00:00:00Z' },
    [
      'The **teaser** has [a link](elsewhere/) &amp; an entity, `code <b>`, &lt;angle&gt; text',
      'and a <em>raw tag</em> across lines.',
      '',
      '<!--more-->',
      '',
      'Everything after the marker is not summary.',
    ].join('\n'),
  );
  const FIRST = post(
    { title: 'First paragraph', date: '2026-05-01T00:00:00Z' },
    ['## A heading first', '', 'The *first* paragraph &copy; 2026 &mdash; with <span class="x">inline HTML</span>.', '', 'Second paragraph.'].join('\n'),
  );
  const EXPLICIT = post(
    { title: 'Explicit', date: '2026-04-30T00:00:00Z', summary: '"Front matter <b>summary</b> & more"' },
    'Body paragraph.\n',
  );

  it('is the text before <!--more-->, else the first paragraph, else the front matter’s, as plain text in every format', async () => {
    const { out } = await buildMemory({ 'more.md': MORE, 'first.md': FIRST, 'explicit.md': EXPLICIT });
    const set = await readFeedSet(out);
    const expected = [
      'The teaser has a link & an entity, code <b>, <angle> text and a raw tag across lines.',
      'The first paragraph © 2026 — with inline HTML.',
      'Front matter <b>summary</b> & more',
    ];
    for (const [format, items] of formats(set)) {
      expect(items.map((item) => item.summary), format).toEqual(expected);
      expect(items[0]?.summary, format).not.toContain('Everything after');
    }
    // Atom must declare the summary as text (readAtomItems refuses anything else).
    expect(set.texts.atom.match(/<summary type="text">/g)).toHaveLength(3);
  });
});
