import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/documents/model-error.ts';
import { NS, SITE, child, childText, children, makeFeedDocument, makeFeedItem, readXml, rssChannel } from '../support/feed-checks.ts';
import { renderRss } from './render.ts';

describe('renderRss', () => {
  it('describes the channel: home page, language, newest update as lastBuildDate, fixed generator', () => {
    const channel = rssChannel(renderRss(makeFeedDocument()));
    expect(childText(channel, NS.none, 'title')).toBe('Example Blog');
    expect(childText(channel, NS.none, 'link')).toBe(SITE);
    expect(childText(channel, NS.none, 'description')).toBe('Notes on things');
    expect(childText(channel, NS.none, 'language')).toBe('en');
    expect(childText(channel, NS.none, 'lastBuildDate')).toBe('Sat, 02 Mar 2024 11:30:00 GMT');
    expect(childText(channel, NS.none, 'generator')).toBe('feedbucket');
  });

  it('falls back to the title for the channel description RSS requires', () => {
    const channel = rssChannel(renderRss(makeFeedDocument({ description: '' })));
    expect(childText(channel, NS.none, 'description')).toBe('Example Blog');
  });

  it('escapes the plain-text summary as HTML in description, so readers show it as written', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ summary: 'a <b>bold</b> & "c"' })] });
    const [item] = children(rssChannel(renderRss(doc)), NS.none, 'item');
    if (!item) throw new Error('no item');
    expect(childText(item, NS.none, 'description')).toBe('a &lt;b&gt;bold&lt;/b&gt; &amp; "c"');
  });

  it('links to itself and to the Atom and JSON versions, with their types', () => {
    const links = children(rssChannel(renderRss(makeFeedDocument())), NS.atom, 'link').map((link) => link.attributes);
    expect(links).toEqual([
      { rel: 'self', type: 'application/rss+xml', href: `${SITE}rss.xml` },
      { rel: 'alternate', type: 'application/atom+xml', href: `${SITE}atom.xml` },
      { rel: 'alternate', type: 'application/feed+json', href: `${SITE}feed.json` },
    ]);
  });

  it('writes each item: full HTML in content:encoded, the summary as description, pubDate, categories', () => {
    const [item] = children(rssChannel(renderRss(makeFeedDocument())), NS.none, 'item');
    if (!item) throw new Error('no item');
    expect(childText(item, NS.none, 'title')).toBe('Hello');
    expect(childText(item, NS.none, 'link')).toBe(`${SITE}posts/hello/`);
    expect(childText(item, NS.content, 'encoded')).toBe(makeFeedItem().html);
    expect(childText(item, NS.none, 'description')).toBe('Hello, world.');
    expect(childText(item, NS.none, 'pubDate')).toBe('Fri, 01 Mar 2024 10:00:00 GMT');
    expect(children(item, NS.none, 'category').map((category) => category.text)).toEqual(['Thoughts', 'rust']);
  });

  it('marks the guid as a permalink only when the id is the URL', () => {
    const guids = children(rssChannel(renderRss(makeFeedDocument())), NS.none, 'item').map((item) => child(item, NS.none, 'guid'));
    expect(guids.map((guid) => [guid.text, guid.attributes.isPermaLink])).toEqual([
      [`${SITE}posts/hello/`, 'true'],
      ['tag:blog.example.com,2023:older', 'false'],
    ]);
  });

  it('names authors with dc:creator, never with an <author> that needs an e-mail address', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ authors: [{ name: 'Ada', email: 'ada@example.com' }, { name: 'Grace' }] })] });
    const [item] = children(rssChannel(renderRss(doc)), NS.none, 'item');
    if (!item) throw new Error('no item');
    expect(children(item, NS.dc, 'creator').map((creator) => creator.text)).toEqual(['Ada', 'Grace']);
    expect(children(item, NS.none, 'author')).toEqual([]);
  });

  it('declares xmlns:dc on the root even when no item has content:encoded', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ html: '' })] });
    const xml = renderRss(doc);
    expect(xml).not.toContain('content:encoded');
    expect(readXml(xml).attributes['xmlns:dc']).toBe(NS.dc);
  });

  it('declares only the namespaces it uses', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ html: '', authors: [] })] });
    expect(Object.keys(readXml(renderRss(doc)).attributes)).toEqual(['version', 'xmlns:atom']);
  });

  it('writes the image as a Media RSS thumbnail, not an enclosure (which needs a length and type we do not know)', () => {
    const image = `${SITE}cover.jpg?w=600&h="1"`;
    const xml = renderRss(makeFeedDocument({ items: [makeFeedItem({ image }), makeFeedItem({ id: `${SITE}b/`, url: `${SITE}b/` })] }));
    expect(readXml(xml).attributes['xmlns:media']).toBe(NS.media);
    const [withImage, without] = children(rssChannel(xml), NS.none, 'item');
    expect(children(withImage!, NS.media, 'thumbnail').map((thumbnail) => thumbnail.attributes)).toEqual([{ url: new URL(image).href }]);
    expect(children(without!, NS.media, 'thumbnail')).toEqual([]);
    expect(children(withImage!, NS.none, 'enclosure')).toEqual([]);
  });

  it('writes where the item is discussed as <comments>, escaped as text', () => {
    const comments = 'https://forum.example.org/t?id=42&page=1';
    const [item, older] = children(rssChannel(renderRss(makeFeedDocument({ items: [makeFeedItem({ comments }), makeFeedItem({ id: `${SITE}b/`, url: `${SITE}b/` })] }))), NS.none, 'item');
    expect(children(item!, NS.none, 'comments').map((element) => element.text)).toEqual([comments]);
    expect(children(older!, NS.none, 'comments')).toEqual([]);
  });

  it('declares no media namespace when no item has an image', () => {
    expect(renderRss(makeFeedDocument())).not.toContain('media');
  });

  it('writes the title as description when the summary is empty, never an empty description', () => {
    const [item] = children(rssChannel(renderRss(makeFeedDocument({ items: [makeFeedItem({ summary: '' })] }))), NS.none, 'item');
    if (!item) throw new Error('no item');
    expect(children(item, NS.none, 'description').map((description) => description.text)).toEqual(['Hello']);
  });

  it('throws a ModelError for a relative URL instead of letting feed crash', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ url: 'posts/hello/' })] });
    expect(() => renderRss(doc)).toThrow(ModelError);
  });

  it('writes 2-space indentation and ends with one newline', () => {
    const xml = renderRss(makeFeedDocument());
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"')).toBe(true);
    expect(xml).toContain('\n  <channel>\n    <title>Example Blog</title>\n');
    expect(xml.endsWith('</rss>\n')).toBe(true);
  });
});
