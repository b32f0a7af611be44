import { describe, expect, it } from 'vitest';
import { JSON_FEED_VERSION } from '../../src/documents/jsonfeed.ts';
import { ModelError } from '../../src/documents/model-error.ts';
import { SITE, TRICKY, jsonFeedSchemaErrors, makeFeedDocument, makeFeedItem } from '../support/feed-checks.ts';
import { renderJsonFeed } from './render.ts';

const ITEM_KEY_ORDER = ['id', 'url', 'title', 'content_html', 'summary', 'date_published', 'date_modified', 'tags', 'image', 'authors'];

function parsed(json: string) {
  return JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
}

describe('renderJsonFeed', () => {
  it('writes JSON Feed 1.1 with its properties in a fixed order', () => {
    const feed = parsed(renderJsonFeed(makeFeedDocument()));
    expect(feed.version).toBe(JSON_FEED_VERSION);
    expect(JSON_FEED_VERSION).toBe('https://jsonfeed.org/version/1.1');
    expect(Object.keys(feed)).toEqual(['version', 'title', 'home_page_url', 'feed_url', 'description', 'language', 'authors', 'items']);
    expect(feed).toMatchObject({
      title: 'Example Blog',
      home_page_url: SITE,
      feed_url: `${SITE}feed.json`,
      description: 'Notes on things',
      language: 'en',
      authors: [{ name: 'Ada Lovelace', url: `${SITE}about/` }],
    });
  });

  it('writes items with every field, in a fixed order (no field holds where an item is discussed)', () => {
    const model = makeFeedItem({ image: `${SITE}cover.jpg`, comments: `${SITE}posts/hello/#comments`, authors: [{ name: 'Ada', email: 'a@example.com' }] });
    const doc = makeFeedDocument({ items: [model] });
    const [item] = parsed(renderJsonFeed(doc)).items;
    expect(item).toEqual({
      id: `${SITE}posts/hello/`,
      url: `${SITE}posts/hello/`,
      title: 'Hello',
      content_html: makeFeedItem().html,
      summary: 'Hello, world.',
      date_published: '2024-03-01T10:00:00.000Z',
      date_modified: '2024-03-02T11:30:00.000Z',
      tags: ['Thoughts', 'rust'],
      image: `${SITE}cover.jpg`,
      authors: [{ name: 'Ada' }],
    });
    // toEqual ignores key order; the bytes do not.
    expect(Object.keys(item ?? {})).toEqual(ITEM_KEY_ORDER);
  });

  it('leaves out what is empty: description, tags, image, item authors (an empty summary is the title)', () => {
    const doc = makeFeedDocument({ description: '', items: [makeFeedItem({ summary: '', categories: [], authors: [] })] });
    const feed = parsed(renderJsonFeed(doc));
    expect('description' in feed).toBe(false);
    expect(Object.keys(feed.items[0] ?? {})).toEqual(['id', 'url', 'title', 'content_html', 'summary', 'date_published', 'date_modified']);
  });

  it('never writes the deprecated author, and falls back to the feed title as author', () => {
    const json = renderJsonFeed(makeFeedDocument({ author: undefined }));
    expect(json).not.toMatch(/"author"/);
    expect(parsed(json).authors).toEqual([{ name: 'Example Blog' }]);
  });

  it('keeps text as text: no HTML escaping of titles or tags', () => {
    const doc = makeFeedDocument({ items: [makeFeedItem({ title: TRICKY.title, categories: [TRICKY.category] })] });
    const [item] = parsed(renderJsonFeed(doc)).items;
    expect([item?.title, item?.tags]).toEqual([TRICKY.title, [TRICKY.category]]);
  });

  it('indents with two spaces and ends with one newline', () => {
    const json = renderJsonFeed(makeFeedDocument());
    expect(json.startsWith('{\n  "version": "https://jsonfeed.org/version/1.1",\n  "title"')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('validates against the published JSON Feed 1.1 schema, formats on', () => {
    expect(jsonFeedSchemaErrors(renderJsonFeed(makeFeedDocument()))).toEqual([]);
    expect(jsonFeedSchemaErrors(renderJsonFeed(makeFeedDocument({ items: [makeFeedItem({ image: `${SITE}a b.png` })] })))).toEqual([]);
  });

  it('is checked by a validator that can fail', () => {
    const feed = parsed(renderJsonFeed(makeFeedDocument()));
    expect(jsonFeedSchemaErrors(JSON.stringify({ ...feed, home_page_url: 'not a url' }))).not.toEqual([]);
  });

  it('throws a ModelError for a relative URL', () => {
    expect(() => renderJsonFeed(makeFeedDocument({ links: { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } }))).toThrow(
      ModelError,
    );
  });
});
