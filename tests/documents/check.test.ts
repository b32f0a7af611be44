import { describe, expect, it, vi } from 'vitest';
import { SaxesParser } from 'saxes';
import { checkJsonFeed, checkJsonFeedItem, checkXml, checkXmlElement, checkXmlElements, checkedPieces } from '../../src/documents/check.ts';
import { makeFeedDocument } from '../support/feed-checks.ts';
import { renderJsonFeed } from './render.ts';

describe('checkXml', () => {
  it('accepts a well-formed document with declared prefixes', () => {
    expect(checkXml('<?xml version="1.0"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>A</dc:creator></rss>')).toBeUndefined();
  });

  it.each([
    ['an undeclared prefix', '<rss><dc:creator>A</dc:creator></rss>', 'unbound namespace prefix: "dc"'],
    ['a second "]]>" left in text', '<t>a]]>b</t>', '"]]>" is disallowed'],
    ['a vertical tab', '<t>a\u000bb</t>', 'disallowed character'],
    ['"<" in an attribute', '<c term="a<b"/>', 'disallowed character'],
    ['an unclosed element', '<a><b></a>', 'unexpected close tag'],
    ['no root element', '', 'document must contain a root element'],
  ])('reports %s', (_name, text, expected) => {
    const problem = checkXml(text);
    expect(problem).toMatch(/^not well-formed XML: /);
    expect(problem).toContain(expected);
  });
});

describe('checkXmlElement', () => {
  it('checks an element inside a root that declares the namespaces given', () => {
    expect(checkXmlElement('<item><dc:creator>A</dc:creator></item>', { dc: 'http://purl.org/dc/elements/1.1/' })).toBeUndefined();
    expect(checkXmlElement('<item><dc:creator>A</dc:creator></item>', {})).toContain('unbound namespace prefix: "dc"');
    expect(checkXmlElement('<item><title>a < b</title></item>', {})).toMatch(/^not well-formed XML: /);
  });
});

describe('checkXmlElements', () => {
  const DC = { dc: 'http://purl.org/dc/elements/1.1/' };
  // Rows where the elements' text joined is well-formed but some element alone is not, and the
  // reverse: each element must get what checkXmlElement finds on its own.
  it.each([
    ['all well-formed', ['  <item><title>a</title></item>', '  <item><dc:creator>b</dc:creator></item>', '<x/>']],
    ['an element split across two', ['<a>', '</a>']],
    ['a "<" left at the end, its tag finished by the next', ['<a/><', 'b/>']],
    ['a comment begun in one and ended in the next', ['<a/><!--', '--><b/>']],
    ['a CDATA section across two', ['<a><![CDATA[', ']]></a>']],
    ['an attribute value across two', ['<a x="', '"/>']],
    ['a reference across two', ['<a>&amp', ';</a>']],
    ['a processing instruction across two', ['<?pi', '?><a/>']],
    ['text beside the element (well-formed alone)', ['<a/>text', '<b/>']],
    ['two elements in one (well-formed alone)', ['<a/><b/>', '<c/>']],
    ['the root closed and opened again', ['</fragment><fragment>', '<a/>']],
    ['a prefix declared by one and used by the next', ['<a xmlns:p="urn:p"/>', '<p:b/>']],
    ['an undeclared prefix', ['<a/>', '<q:b/>']],
    ['one element', ['<a><b></a>']],
  ])('%s', (_what, elements) => {
    expect(checkXmlElements(elements, DC)).toEqual(elements.map((element) => checkXmlElement(element, DC)));
  });

  it('checks well-formed elements in one pass, each written once', () => {
    const write = vi.spyOn(SaxesParser.prototype, 'write');
    const elements = Array.from({ length: 10 }, (_, index) => `  <item><title>${index}</title></item>`);
    expect(checkXmlElements(elements, DC)).toEqual(elements.map(() => undefined));
    expect(write.mock.calls.filter(([text]) => elements.includes(text as string))).toHaveLength(elements.length);
    write.mockRestore();
  });
});

describe('checkedPieces', () => {
  it('passes a document whose pieces all passed without checking it whole', () => {
    const checkWhole = vi.fn(() => 'never asked');
    expect(checkedPieces(['body'], [undefined, undefined], checkWhole)).toEqual({ body: ['body'], problem: undefined });
    expect(checkWhole).not.toHaveBeenCalled();
  });

  it('checks the whole when a piece failed, and reports what the whole check finds', () => {
    expect(checkedPieces(['<a><b>', '</a>'], [undefined, 'a piece failed'], checkXml)).toEqual({
      body: ['<a><b>', '</a>'],
      problem: checkXml('<a><b></a>'),
    });
    expect(checkedPieces(['<a', '/>'], ['a piece failed'], checkXml).problem).toBeUndefined();
  });
});

describe('checkJsonFeed', () => {
  const valid = () => JSON.parse(renderJsonFeed(makeFeedDocument())) as Record<string, unknown> & { items: Record<string, unknown>[] };

  it('accepts what renderJsonFeed writes', () => {
    expect(checkJsonFeed(renderJsonFeed(makeFeedDocument()))).toBeUndefined();
  });

  it('reports text that is not JSON', () => {
    expect(checkJsonFeed('{"version": ')).toMatch(/^not valid JSON: /);
  });

  it('reports a top level that is not an object', () => {
    expect(checkJsonFeed('[]')).toBe('the top level is not an object');
  });

  it('reports the JSON Feed 1.0 version URL', () => {
    const feed = { ...valid(), version: 'https://jsonfeed.org/version/1' };
    expect(checkJsonFeed(JSON.stringify(feed))).toBe('version is "https://jsonfeed.org/version/1", not "https://jsonfeed.org/version/1.1"');
  });

  it('reports a missing title and the deprecated author', () => {
    expect(checkJsonFeed(JSON.stringify({ ...valid(), title: '' }))).toBe('title is missing or empty');
    expect(checkJsonFeed(JSON.stringify({ ...valid(), author: { name: 'A' } }))).toMatch(/deprecated "author"/);
  });

  it('reports items that are not an array', () => {
    expect(checkJsonFeed(JSON.stringify({ ...valid(), items: {} }))).toBe('items is not an array');
  });

  it('accepts an empty content_html (a post with no body) but not a missing one', () => {
    const feed = valid();
    feed.items[1] = { ...feed.items[1], content_html: '' };
    expect(checkJsonFeed(JSON.stringify(feed))).toBeUndefined();
    delete feed.items[1]?.content_html;
    expect(checkJsonFeed(JSON.stringify(feed))).toBe('items[1]: content_html is missing');
  });

  it.each(['id', 'url', 'title'])('reports an item whose %s is missing or empty', (field) => {
    const feed = valid();
    feed.items[1] = { ...feed.items[1], [field]: '' };
    expect(checkJsonFeed(JSON.stringify(feed))).toBe(`items[1]: ${field} is missing or empty`);
    delete feed.items[1]?.[field];
    expect(checkJsonFeed(JSON.stringify(feed))).toBe(`items[1]: ${field} is missing or empty`);
  });

  it('reports an item that is not an object', () => {
    expect(checkJsonFeed(JSON.stringify({ ...valid(), items: ['x'] }))).toBe('items[0]: not an object');
  });
});

describe('checkJsonFeedItem', () => {
  it('checks one item as checkJsonFeed checks each, without its place', () => {
    const [item] = JSON.parse(renderJsonFeed(makeFeedDocument())).items as Record<string, unknown>[];
    expect(checkJsonFeedItem(JSON.stringify(item))).toBeUndefined();
    expect(checkJsonFeedItem(JSON.stringify({ ...item, url: '' }))).toBe('url is missing or empty');
    expect(checkJsonFeedItem('{"id": ')).toMatch(/^not valid JSON: /);
  });
});
