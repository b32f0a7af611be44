/**
 * Each item's XML made once per run: an item in several feeds is prepared, written by `feed`,
 * serialised and checked once per format, and every document holding it has the bytes it would
 * have on its own; an item's element or a skeleton that fails its check fails each document
 * holding it, with the problem the whole document's check reports.
 */
import { Feed } from 'feed';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ATOM } from '../../src/documents/atom.ts';
import { createDocumentBuilder } from '../../src/documents/build-documents.ts';
import { checkXml } from '../../src/documents/check.ts';
import { oncePerItem } from '../../src/documents/once-per-item.ts';
import { prepareItem } from '../../src/documents/prepare.ts';
import { RSS } from '../../src/documents/rss.ts';
import { xmlRenderer } from '../../src/documents/xml-document.ts';
import type { XmlFeedFormat } from '../../src/documents/xml-format.ts';
import type { FeedDocument, FeedItem } from '../../src/model.ts';
import { SITE, makeFeedDocument, makeFeedItem, xmlProblem } from '../support/feed-checks.ts';

const FILES = (path: string) => ({ rss: `${path}rss.xml`, atom: `${path}atom.xml`, json: `${path}feed.json` });

function post(name: string, html = `<p>${name}</p>`): FeedItem {
  return makeFeedItem({ id: `${SITE}${name}/`, url: `${SITE}${name}/`, title: name, html, categories: ['shared'] });
}

/** The main feed and two term feeds over the same item objects, as the pipeline builds them. */
function feeds(items: Record<'a' | 'b' | 'c', FeedItem>): [FeedDocument, ReturnType<typeof FILES>][] {
  const { a, b, c } = items;
  return [
    [makeFeedDocument({ items: [a, b, c] }), FILES('')],
    [makeFeedDocument({ title: 'Tag one', id: `${SITE}tags/one/`, items: [a, c] }), FILES('tags/one/')],
    [makeFeedDocument({ title: 'Tag two', id: `${SITE}tags/two/`, items: [b, c] }), FILES('tags/two/')],
  ];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an item in several feeds', () => {
  it('is written by feed once per format, however many feeds hold it', () => {
    const addItem = vi.spyOn(Feed.prototype, 'addItem');
    const build = createDocumentBuilder();
    for (const [doc, files] of feeds({ a: post('a'), b: post('b'), c: post('c') })) expect(build(doc, files).errors).toEqual([]);
    expect(addItem).toHaveBeenCalledTimes(3 * 2);
  });

  it('is prepared once for all formats and feeds', () => {
    const reads = { count: 0 };
    const counted = (item: FeedItem): FeedItem => {
      const { title } = item;
      return Object.defineProperty({ ...item }, 'title', { get: () => (reads.count++, title), enumerable: true });
    };
    const build = createDocumentBuilder();
    for (const [doc, files] of feeds({ a: counted(post('a')), b: counted(post('b')), c: counted(post('c')) })) build(doc, files);
    expect(reads.count).toBe(3);
  });

  it('has its HTML read by the checks once per format, not once per document', () => {
    const marker = 'only-in-the-html';
    const write = vi.spyOn(SaxesParser.prototype, 'write');
    const build = createDocumentBuilder();
    for (const [doc, files] of feeds({ a: post('a'), b: post('b'), c: post('c', `<p>${marker}</p>`) })) build(doc, files);
    const reads = write.mock.calls.filter(([chunk]) => String(chunk).includes(marker));
    expect(reads).toHaveLength(2);
  });

  it('gives every feed the bytes it has when built alone', () => {
    const shared = createDocumentBuilder();
    for (const [doc, files] of feeds({ a: post('a'), b: post('b'), c: post('c') })) {
      const together = shared(doc, files);
      expect(together).toEqual(createDocumentBuilder()(doc, files));
      for (const file of together.files.filter((built) => built.key.endsWith('.xml'))) expect(xmlProblem(file.body.join(''))).toBeUndefined();
    }
  });

  it('declares in each document exactly the prefixes of the items it holds', () => {
    const build = createDocumentBuilder();
    const plain = makeFeedItem({ ...post('plain'), html: '', authors: [] });
    const [withContent] = build(makeFeedDocument({ items: [post('rich'), plain] }), FILES('')).files;
    const [without] = build(makeFeedDocument({ items: [plain] }), FILES('plain/')).files;
    expect(withContent?.body.join('')).toContain('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">');
    expect(without?.body.join('')).toContain('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">');
  });

  it('fails every document holding it while it cannot be prepared, and no other', () => {
    const bad = makeFeedItem({ ...post('bad'), published: 'yesterday' });
    const build = createDocumentBuilder();
    const results = feeds({ a: bad, b: post('b'), c: post('c') }).map(([doc, files]) => build(doc, files));
    expect(results.map((result) => result.errors.map((error) => error.key))).toEqual([['rss.xml', 'atom.xml', 'feed.json'], ['tags/one/rss.xml', 'tags/one/atom.xml', 'tags/one/feed.json'], []]);
    for (const error of results.flatMap((result) => result.errors)) expect(error.message).toBe(`item "${SITE}bad/": published "yesterday" is not an RFC 3339 instant`);
  });
});

describe('a piece that fails its check', () => {
  /** RSS with its text written as it is, unescaped: `<` in a title breaks the element. */
  const unescaped = (part: 'itemText' | 'skeletonText'): XmlFeedFormat => ({ ...RSS, [part]: (text: string) => text });

  it('fails each document holding the item, with the problem of the whole document, and no other', () => {
    // Prepared items remembered, as the builder has them: the broken element is made once.
    const render = xmlRenderer(unescaped('itemText'), oncePerItem(prepareItem));
    const broken = makeFeedItem({ ...post('broken'), title: 'a < b' });
    const [holding, other, again] = [[broken, post('b')], [post('b')], [post('c'), broken]].map((items) => render(makeFeedDocument({ items })));
    expect(holding?.problem).toMatch(/^not well-formed XML: \d+:\d+: /);
    expect(holding?.problem).toBe(checkXml(holding?.body.join('') ?? ''));
    expect(again?.problem).toBe(checkXml(again?.body.join('') ?? ''));
    expect(again?.problem).not.toBe(holding?.problem);
    expect(other?.problem).toBeUndefined();
  });

  it('fails the document whose skeleton fails, with the problem of the whole document', () => {
    const rendered = xmlRenderer(unescaped('skeletonText'), prepareItem)(makeFeedDocument({ title: 'a < b' }));
    expect(rendered.problem).toMatch(/^not well-formed XML: /);
    expect(rendered.problem).toBe(checkXml(rendered.body.join('')));
  });

  it('passes when every piece passes: the same verdict as the whole document', () => {
    for (const format of [RSS, ATOM]) {
      const rendered = xmlRenderer(format, prepareItem)(makeFeedDocument());
      expect([rendered.problem, checkXml(rendered.body.join(''))]).toEqual([undefined, undefined]);
    }
  });
});

describe("an item's measured bytes", () => {
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

  it.each([
    ['RSS', RSS],
    ['Atom', ATOM],
  ] as const)('add up to the size of the document with any count of the newest items (%s)', (_name, format) => {
    const render = xmlRenderer(format, prepareItem);
    const items = [post('a'), post('b', '<p>Ünïcödé 🎉 &amp; more</p>'), post('c')];
    const whole = render(makeFeedDocument({ items }));
    const own = Buffer.byteLength(whole.body.join('')) - sum(whole.itemBytes);
    for (let count = 1; count <= items.length; count++) {
      const fewer = render(makeFeedDocument({ items: items.slice(0, count) }));
      expect(Buffer.byteLength(fewer.body.join('')), `${count} items`).toBe(own + sum(whole.itemBytes.slice(0, count)));
    }
  });

  it.each([
    ['RSS', RSS],
    ['Atom', ATOM],
  ] as const)('never say too little: leaving out the only item with an image leaves out its namespace too (%s)', (_name, format) => {
    const render = xmlRenderer(format, prepareItem);
    const items = [post('a'), makeFeedItem({ ...post('b'), image: `${SITE}b.png` })];
    const whole = render(makeFeedDocument({ items }));
    const estimate = Buffer.byteLength(whole.body.join('')) - whole.itemBytes[1]!;
    const actual = Buffer.byteLength(render(makeFeedDocument({ items: [items[0]!] })).body.join(''));
    expect(estimate - actual).toBe(' xmlns:media="http://search.yahoo.com/mrss/"'.length);
  });
});
