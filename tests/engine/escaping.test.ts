/**
 * Escaping end to end: hostile titles, tags and bodies through runBuild, read back from the
 * bytes with a strict XML parser and ajv against the published JSON Feed 1.1 schema.
 */
import { describe, expect, it } from 'vitest';
import { child, childText, jsonFeedSchemaErrors, NS, readXml, rssChannel, TRICKY, xmlProblem } from '../support/feed-checks.ts';
import { allTexts, buildMemory, feedDirs, formats, readFeedSet, siteConfig, text } from './helpers.ts';

const VT = TRICKY.verticalTab;
const TAG = TRICKY.category; // `C<T & <script>`

// YAML double quotes: `\"` is a quote, `\v` is U+000B.
const HOSTILE = [
  '---',
  `title: "Tom & Jerry <b>\\"quoted\\"</b> 'x'\\v end, ${TRICKY.literalEntity}"`,
  'date: 2026-05-01T00:00:00Z',
  `tags: ["${TAG}", "plain"]`,
  'categories: ["Q&A <i>"]',
  '---',
  `A first paragraph with a vertical tab here:${VT} and & an ampersand.`,
  '',
  '<div class="raw">one ]]> two ]]> three</div>',
  '',
  '```xml',
  '<![CDATA[ a ]]> b ]]>',
  '```',
  '',
].join('\n');

const TITLE = `Tom & Jerry <b>"quoted"</b> 'x' end, ${TRICKY.literalEntity}`;
const SUMMARY = 'A first paragraph with a vertical tab here: and & an ampersand.';

const FILES = {
  'hostile.md': HOSTILE,
  'calm.md': '---\ntitle: Calm\ndate: 2026-04-01T00:00:00Z\ntags: [plain]\n---\nCalm body.\n',
};

describe('a hostile post', () => {
  it('gives well-formed XML in every document, and valid JSON Feed 1.1 everywhere', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.errors).toEqual([]);
    expect(summary.skipped).toEqual([]);
    const texts = await allTexts(out);
    const feedKeys = summary.feeds.map((feed) => feed.key);
    expect(feedKeys.length).toBeGreaterThanOrEqual(12);
    for (const key of feedKeys) {
      const body = texts.get(key);
      expect(body, key).toBeDefined();
      if (key.endsWith('.xml')) expect(xmlProblem(body!), key).toBeUndefined();
      else expect(jsonFeedSchemaErrors(body!), key).toEqual([]);
      expect(body!.includes(VT), `${key} carries U+000B`).toBe(false);
    }
  });

  it('reads back with the same title, summary and HTML in all three formats (U+000B removed)', async () => {
    const { out } = await buildMemory(FILES);
    const set = await readFeedSet(out);
    const html = set.json[0]?.html ?? '';
    expect(html).toContain('one ]]&gt; two ]]&gt; three');
    expect(html).toContain('&lt;![CDATA[ a ]]&gt; b ]]&gt;');
    expect(html).not.toContain(VT);
    for (const [format, items] of formats(set)) {
      expect(items[0]?.title, format).toBe(TITLE);
      expect(items[0]?.summary, format).toBe(SUMMARY);
      expect(items[0]?.html, format).toBe(html);
    }
  });

  it('gets a tag feed at a safe slug whose category text reads the same in every format', async () => {
    const { summary, out } = await buildMemory(FILES);
    const tagDirs = feedDirs(summary).filter((dir) => dir.startsWith('tags/') && dir !== 'tags/plain/');
    expect(tagDirs).toHaveLength(1);
    const slug = tagDirs[0]!.split('/')[1]!;
    expect(slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);

    const set = await readFeedSet(out, tagDirs[0]);
    for (const [format, items] of formats(set)) {
      expect(items.map((item) => item.title), format).toEqual([TITLE]);
      expect(items[0]?.categories, format).toEqual(['Q&A <i>', TAG, 'plain']);
    }
    // The feed's own title names the tag, as text, in all three formats.
    const rssTitle = childText(rssChannel(set.texts.rss), NS.none, 'title');
    const atomTitle = child(readXml(set.texts.atom), NS.atom, 'title');
    expect(atomTitle.attributes.type ?? 'text').toBe('text');
    const jsonTitle = (JSON.parse(set.texts.json) as { title: string }).title;
    expect(rssTitle).toContain(TAG);
    expect(atomTitle.text).toBe(rssTitle);
    expect(jsonTitle).toBe(rssTitle);
    // And it points at itself where it was written.
    expect((JSON.parse(set.texts.json) as { feed_url: string }).feed_url).toBe(`https://blog.example.com/tags/${slug}/feed.json`);
  });

  it('reads back the same in the main feed for every item, the calm one included', async () => {
    const { out } = await buildMemory(FILES);
    const set = await readFeedSet(out);
    for (const [format, items] of formats(set)) {
      expect(items.map((item) => item.title), format).toEqual([TITLE, 'Calm']);
      expect(items[0]?.categories, format).toEqual(['Q&A <i>', TAG, 'plain']);
    }
  });
});

describe('CDATA terminators and hostile people', () => {
  const TERMINATORS = [
    '---',
    'title: "Ends ]]> twice ]]> here"',
    'date: 2026-05-01T00:00:00Z',
    'summary: "Summary ]]> with ]]> two"',
    'tags: ["x]]>y]]>z"]',
    'author: "Tom & <Jerry> \\"T\\" ]]>"',
    '---',
    'Body ]]> in text ]]> twice, and <span title="a ]]> b ]]> c">raw</span>.',
    '',
  ].join('\n');

  it('read back the same in all three formats, in well-formed XML', async () => {
    const { summary, out } = await buildMemory({ 'terminators.md': TERMINATORS }, { config: siteConfig({ author: 'Site & <Owner>' }) });
    expect(summary.errors).toEqual([]);
    for (const feed of summary.feeds) {
      const body = await text(out, feed.key);
      if (feed.key.endsWith('.xml')) expect(xmlProblem(body), feed.key).toBeUndefined();
      else expect(jsonFeedSchemaErrors(body), feed.key).toEqual([]);
    }
    const set = await readFeedSet(out);
    const html = set.json[0]?.html ?? '';
    // The safe-HTML stage writes `>` as `&gt;` in text and attributes alike; the text reads the same.
    expect(html).toContain('<span title="a ]]&gt; b ]]&gt; c">raw</span>');
    for (const [format, items] of formats(set)) {
      expect(items[0]?.title, format).toBe('Ends ]]> twice ]]> here');
      expect(items[0]?.summary, format).toBe('Summary ]]> with ]]> two');
      expect(items[0]?.categories, format).toEqual(['x]]>y]]>z']);
      expect(items[0]?.authors, format).toEqual(['Tom & <Jerry> "T" ]]>']);
      expect(items[0]?.html, format).toBe(html);
    }
    // The site author names the feed itself in Atom and JSON Feed.
    const atomAuthor = child(child(readXml(set.texts.atom), NS.atom, 'author'), NS.atom, 'name').text;
    expect(atomAuthor).toBe('Site & <Owner>');
    expect((JSON.parse(set.texts.json) as { authors: { name: string }[] }).authors).toEqual([{ name: 'Site & <Owner>' }]);
  });
});

