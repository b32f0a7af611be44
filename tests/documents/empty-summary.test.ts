/**
 * An item with no summary (an empty body, or one with no text, and no summary key) still has
 * text: the W3C validator warns NeedDescriptionBeforeContent (RSS) and MissingTextualContent
 * (Atom) otherwise. The title stands in, the same in all three formats.
 */
import { describe, expect, it } from 'vitest';
import {
  NS,
  TRICKY,
  child,
  children,
  jingAtom,
  jsonFeedSchemaErrors,
  makeFeedDocument,
  makeFeedItem,
  readAtomItems,
  readJsonItems,
  readRssItems,
  readXml,
} from '../support/feed-checks.ts';
import { renderAtom, renderJsonFeed, renderRss } from './render.ts';

const EMPTY_CASES = [
  ['an empty body and summary', { html: '', summary: '' }],
  ['a body without text', { html: '<p><img src="https://blog.example.com/a.png" alt=""></p>', summary: '' }],
  ['a summary of whitespace only', { html: '<p>x</p>', summary: ' \n ' }],
] as const;

describe('an item with an empty summary', () => {
  it.each(EMPTY_CASES)('has the title as summary in RSS, Atom and JSON Feed alike (%s)', (_label, fields) => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ ...fields, title: TRICKY.title })] });
    const rss = readRssItems(renderRss(doc));
    const atom = readAtomItems(renderAtom(doc));
    const json = readJsonItems(renderJsonFeed(doc));
    expect(rss.map((item) => item.summary)).toEqual([TRICKY.title]);
    expect(atom.map((item) => item.summary)).toEqual([TRICKY.title]);
    expect(json.map((item) => item.summary)).toEqual([TRICKY.title]);
  });

  it('gives RSS a <description> before content:encoded, and Atom a text <summary>', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ html: '<p><img src="https://blog.example.com/a.png" alt=""></p>', summary: '' })] });
    const rssItem = children(child(readXml(renderRss(doc)), NS.none, 'channel'), NS.none, 'item')[0];
    expect(rssItem?.elements.map((element) => element.local).slice(0, 6)).toEqual(['title', 'link', 'guid', 'pubDate', 'description', 'encoded']);
    const entry = child(readXml(renderAtom(doc)), NS.atom, 'entry');
    expect(children(entry, NS.atom, 'summary').map((summary) => [summary.attributes.type, summary.text])).toEqual([['text', 'Hello']]);
  });

  it('gives an entry with neither content nor summary a summary, and stays schema-valid', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ html: '', summary: '' })] });
    const atom = renderAtom(doc);
    const entry = child(readXml(atom), NS.atom, 'entry');
    expect(children(entry, NS.atom, 'content')).toEqual([]);
    expect(children(entry, NS.atom, 'summary')).toHaveLength(1);
    expect(jingAtom(atom)).toEqual({ ok: true, output: '' });
    expect(jsonFeedSchemaErrors(renderJsonFeed(doc))).toEqual([]);
  });

  it('keeps a summary that has text as it is', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ summary: 'Own words.' })] });
    for (const items of [readRssItems(renderRss(doc)), readAtomItems(renderAtom(doc)), readJsonItems(renderJsonFeed(doc))]) {
      expect(items[0]?.summary).toBe('Own words.');
    }
  });
});
