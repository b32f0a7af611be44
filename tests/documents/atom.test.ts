import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/documents/model-error.ts';
import { NS, SITE, TRICKY, child, childText, children, jingAtom, makeFeedDocument, makeFeedItem, readXml } from '../support/feed-checks.ts';
import type { XElement } from '../support/feed-checks.ts';
import { renderAtom } from './render.ts';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function entries(xml: string): XElement[] {
  return children(readXml(xml), NS.atom, 'entry');
}

function firstEntry(xml: string): XElement {
  const [entry] = entries(xml);
  if (!entry) throw new Error('no entry');
  return entry;
}

describe('renderAtom', () => {
  it('describes the feed: id, xml:lang, title, subtitle, updated, author', () => {
    const feed = readXml(renderAtom(makeFeedDocument()));
    expect(feed.uri).toBe(NS.atom);
    expect(feed.attributes['xml:lang']).toBe('en');
    expect(childText(feed, NS.atom, 'id')).toBe(SITE);
    expect(childText(feed, NS.atom, 'title')).toBe('Example Blog');
    expect(childText(feed, NS.atom, 'subtitle')).toBe('Notes on things');
    expect(childText(feed, NS.atom, 'updated')).toBe('2024-03-02T11:30:00.000Z');
    const author = child(feed, NS.atom, 'author');
    expect([childText(author, NS.atom, 'name'), childText(author, NS.atom, 'uri')]).toEqual(['Ada Lovelace', `${SITE}about/`]);
  });

  it('leaves out an empty subtitle', () => {
    expect(children(readXml(renderAtom(makeFeedDocument({ description: '' }))), NS.atom, 'subtitle')).toEqual([]);
  });

  it('falls back to the feed title as author when the site has none', () => {
    const feed = readXml(renderAtom(makeFeedDocument({ author: undefined })));
    expect(children(feed, NS.atom, 'author').map((author) => childText(author, NS.atom, 'name'))).toEqual(['Example Blog']);
  });

  it('links to itself, the home page and the RSS and JSON versions, with their types', () => {
    const links = children(readXml(renderAtom(makeFeedDocument())), NS.atom, 'link').map((link) => link.attributes);
    expect(links).toEqual([
      { rel: 'alternate', type: 'text/html', href: SITE },
      { rel: 'self', type: 'application/atom+xml', href: `${SITE}atom.xml` },
      { rel: 'alternate', type: 'application/rss+xml', href: `${SITE}rss.xml` },
      { rel: 'alternate', type: 'application/feed+json', href: `${SITE}feed.json` },
    ]);
  });

  it('writes each entry: id, alternate link, published, updated, HTML content, text summary, authors, category terms', () => {
    const entry = firstEntry(renderAtom(makeFeedDocument()));
    expect(childText(entry, NS.atom, 'id')).toBe(`${SITE}posts/hello/`);
    expect(children(entry, NS.atom, 'link').map((link) => link.attributes)).toEqual([
      { rel: 'alternate', type: 'text/html', href: `${SITE}posts/hello/` },
    ]);
    expect(childText(entry, NS.atom, 'published')).toBe('2024-03-01T10:00:00.000Z');
    expect(childText(entry, NS.atom, 'updated')).toBe('2024-03-02T11:30:00.000Z');
    const content = child(entry, NS.atom, 'content');
    expect([content.attributes.type, content.text]).toEqual(['html', makeFeedItem().html]);
    const summary = child(entry, NS.atom, 'summary');
    expect([summary.attributes.type, summary.text]).toEqual(['text', 'Hello, world.']);
    expect(children(entry, NS.atom, 'author').map((author) => childText(author, NS.atom, 'name'))).toEqual(['Ada Lovelace']);
    expect(children(entry, NS.atom, 'category').map((category) => category.attributes)).toEqual([{ term: 'Thoughts' }, { term: 'rust' }]);
  });

  it('writes a title with markup as text, not HTML', () => {
    const title = child(firstEntry(renderAtom(makeFeedDocument({ items: [makeFeedItem({ title: TRICKY.title })] }))), NS.atom, 'title');
    expect([title.attributes.type, title.text]).toEqual(['text', TRICKY.title]);
  });

  it('writes "<" and "&" in a category term as escaped attribute text', () => {
    const xml = renderAtom(makeFeedDocument({ items: [makeFeedItem({ categories: [TRICKY.category] })] }));
    expect(xml).toContain('term="C&lt;T &amp; &lt;script&gt;"');
    expect(child(firstEntry(xml), NS.atom, 'category').attributes.term).toBe(TRICKY.category);
  });

  it('writes every date as RFC 3339 with an upper-case T and Z', () => {
    const xml = renderAtom(makeFeedDocument({ updated: '2024-03-02T12:30:00+01:00' }));
    const dates = [...xml.matchAll(/<(?:updated|published)>([^<]*)</g)].map((match) => match[1]);
    expect(dates.length).toBe(5);
    for (const date of dates) expect(date).toMatch(RFC3339_UTC);
  });

  it('writes ids exactly as given, though feed would normalise them through new URL()', () => {
    const id = 'HTTPS://Blog.Example.com/posts/hello';
    expect(childText(firstEntry(renderAtom(makeFeedDocument({ items: [makeFeedItem({ id })] }))), NS.atom, 'id')).toBe(id);
  });

  it('writes ids with "&" and entity-like text exactly', () => {
    const id = `${SITE}?p=1&amp;x=2&y`;
    const xml = renderAtom(makeFeedDocument({ id, items: [makeFeedItem({ id })] }));
    expect(childText(readXml(xml), NS.atom, 'id')).toBe(id);
    expect(childText(firstEntry(xml), NS.atom, 'id')).toBe(id);
  });

  it('writes the image as a Media RSS thumbnail in the entry, declared on the root only when used', () => {
    const image = `${SITE}cover.jpg?w=600&h="1"`;
    const xml = renderAtom(makeFeedDocument({ items: [makeFeedItem({ image })] }));
    expect(readXml(xml).attributes['xmlns:media']).toBe(NS.media);
    expect(children(firstEntry(xml), NS.media, 'thumbnail').map((thumbnail) => thumbnail.attributes)).toEqual([{ url: new URL(image).href }]);
    expect(renderAtom(makeFeedDocument())).not.toContain('media');
  });

  it('links where the entry is discussed as rel="replies" (RFC 4685), an HTML page', () => {
    const comments = 'https://forum.example.org/t?id=42&page=1';
    const [entry, older] = entries(renderAtom(makeFeedDocument({ items: [makeFeedItem({ comments }), makeFeedItem({ id: `${SITE}b/`, url: `${SITE}b/` })] })));
    expect(children(entry!, NS.atom, 'link').map((link) => link.attributes)).toEqual([
      { rel: 'alternate', type: 'text/html', href: `${SITE}posts/hello/` },
      { rel: 'replies', type: 'text/html', href: comments },
    ]);
    expect(children(older!, NS.atom, 'link').map((link) => link.attributes.rel)).toEqual(['alternate']);
  });

  it('leaves out entry authors when the item has none (the feed author covers it)', () => {
    const [, older] = entries(renderAtom(makeFeedDocument()));
    expect(older && children(older, NS.atom, 'author')).toEqual([]);
  });

  it('throws a ModelError for an id that is not an IRI and for a relative URL', () => {
    expect(() => renderAtom(makeFeedDocument({ id: 'example-blog' }))).toThrow(ModelError);
    expect(() => renderAtom(makeFeedDocument({ homePageUrl: '/' }))).toThrow(ModelError);
  });

  it('is valid against the RFC 4287 RELAX NG schema (jing)', () => {
    const docs = [
      makeFeedDocument(),
      makeFeedDocument({
        author: undefined,
        description: '',
        items: [makeFeedItem({ title: TRICKY.title, html: TRICKY.html, categories: [TRICKY.category], summary: '' })],
      }),
      makeFeedDocument({ items: [makeFeedItem({ authors: [{ name: 'Ada', email: 'ada@example.com', url: `${SITE}ada/` }] })] }),
      makeFeedDocument({
        items: [makeFeedItem({ image: `${SITE}cover.jpg?a=1&b=2`, comments: `${SITE}talk?a=1&b=2` }), makeFeedItem({ id: `${SITE}b/`, url: `${SITE}b/` })],
      }),
    ];
    for (const doc of docs) {
      const verdict = jingAtom(renderAtom(doc));
      expect(verdict.output).toBe('');
      expect(verdict.ok).toBe(true);
    }
  });

  it('is checked by a jing run that can fail', () => {
    const verdict = jingAtom('<feed xmlns="http://www.w3.org/2005/Atom"><title>no id, no updated</title></feed>');
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/missing required element/);
  });
});
