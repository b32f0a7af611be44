/**
 * A post's `image`/`cover`, end to end through runBuild: a Media RSS thumbnail in RSS and Atom,
 * and the picture leading the item's HTML in all three formats unless the HTML shows it already.
 */
import { describe, expect, it } from 'vitest';
import { NS, children, jingAtom, jsonFeedSchemaErrors, readXml, rssChannel, xmlProblem } from '../support/feed-checks.ts';
import { buildMemory, formats, post, readFeedSet } from './helpers.ts';

const BASE = 'https://blog.example.com/';
const BODY = 'A paragraph with a [link](../other/).\n\nAnother one.\n';

function site(image: string | undefined, body = BODY): Record<string, string> {
  return {
    'posts/pictured.md': post({ title: 'Pictured', date: '2026-05-02T00:00:00Z', ...(image === undefined ? {} : { image }) }, body),
    'posts/plain.md': post({ title: 'Plain', date: '2026-05-01T00:00:00Z' }),
  };
}

async function itemsOf(files: Record<string, string>) {
  const { summary, out } = await buildMemory(files);
  expect(summary.errors).toEqual([]);
  return readFeedSet(out);
}

const html = (items: { title: string; html: string }[], title: string) => items.find((item) => item.title === title)?.html;

describe("a post's image", () => {
  it('leads the HTML of every format as <p><img></p>, resolved against the post URL, the rest of the HTML unchanged', async () => {
    const without = await itemsOf(site(undefined));
    const pictured = await itemsOf(site('cover.png'));
    const lead = `<p><img src="${BASE}pictured/cover.png" alt="" /></p>\n`;
    for (const [format, items] of formats(pictured)) {
      const before = html(formats(without).find(([name]) => name === format)?.[1] ?? [], 'Pictured');
      expect(html(items, 'Pictured'), format).toBe(`${lead}${before}`);
      expect(html(items, 'Plain'), format).toBe(html(without.rss, 'Plain'));
    }
  });

  it('is a media:thumbnail of its item in RSS and Atom, and the documents stay valid', async () => {
    const { texts } = await itemsOf(site('cover.png'));
    const thumbnails = (items: ReturnType<typeof children>) => items.map((item) => children(item, NS.media, 'thumbnail').map((element) => element.attributes.url));
    expect(thumbnails(children(rssChannel(texts.rss), NS.none, 'item'))).toEqual([[`${BASE}pictured/cover.png`], []]);
    expect(thumbnails(children(readXml(texts.atom), NS.atom, 'entry'))).toEqual([[`${BASE}pictured/cover.png`], []]);
    expect(jingAtom(texts.atom)).toEqual({ ok: true, output: '' });
    expect(xmlProblem(texts.rss)).toBeUndefined();
    expect(jsonFeedSchemaErrors(texts.json)).toEqual([]);
  });

  it('is not added again when the HTML already shows it', async () => {
    const set = await itemsOf(site('cover.png', 'Look: ![the cover](cover.png)\n'));
    for (const [format, items] of formats(set)) {
      expect(html(items, 'Pictured'), format).toBe(`<p>Look: <img src="${BASE}pictured/cover.png" alt="the cover" /></p>\n`);
    }
  });

  it('is added when the HTML only links to it, or shows another image whose URL starts like it', async () => {
    const set = await itemsOf(site('cover.png', 'See [the cover](cover.png) and ![small](cover.png.webp)\n'));
    for (const [format, items] of formats(set)) {
      expect(html(items, 'Pictured'), format).toMatch(new RegExp(`^<p><img src="${BASE}pictured/cover\\.png" alt="" /></p>\n<p>See <a href=`));
    }
  });

  it('is escaped as an attribute: a URL with & and quotes cannot break the HTML', async () => {
    const set = await itemsOf(site(`'https://cdn.example.com/c.png?w=1&h="2"'`));
    for (const [format, items] of formats(set)) {
      expect(html(items, 'Pictured'), format).toMatch(/^<p><img src="https:\/\/cdn\.example\.com\/c\.png\?w=1&amp;h=%222%22" alt="" \/><\/p>\n/);
    }
  });

  it('leads the HTML of a post with no text of its own', async () => {
    const set = await itemsOf(site('cover.png', ''));
    for (const [format, items] of formats(set)) expect(html(items, 'Pictured'), format).toBe(`<p><img src="${BASE}pictured/cover.png" alt="" /></p>`);
  });

  it('changes nothing where no post has one: no media namespace, no added image', async () => {
    const { texts } = await itemsOf(site(undefined));
    for (const text of Object.values(texts)) {
      expect(text).not.toContain('media');
      expect(text).not.toContain('<img');
    }
  });
});
