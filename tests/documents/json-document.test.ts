/**
 * JSON Feeds with each item's JSON written once per run and added to each feed holding it as
 * text: the bytes must be those of `JSON.stringify` of the whole feed, whatever the items hold.
 */
import { describe, expect, it, vi } from 'vitest';
import { jsonRenderer } from '../../src/documents/json-document.ts';
import { jsonFeedHead, jsonFeedItem } from '../../src/documents/jsonfeed.ts';
import { oncePerItem } from '../../src/documents/once-per-item.ts';
import { prepareDocument, prepareItem } from '../../src/documents/prepare.ts';
import type { FeedDocument } from '../../src/model.ts';
import { SITE, TRICKY, makeFeedDocument, makeFeedItem } from '../support/feed-checks.ts';

/** What the feed was before its items were added as text: one `JSON.stringify` of everything. */
function stringifiedWhole(doc: FeedDocument): string {
  const model = prepareDocument(doc, prepareItem);
  return `${JSON.stringify({ ...jsonFeedHead(model), items: model.items.map(jsonFeedItem) }, null, 2)}\n`;
}

const DOCUMENTS: [string, FeedDocument][] = [
  ['two items', makeFeedDocument()],
  ['one item', makeFeedDocument({ items: [makeFeedItem()] })],
  ['no items', makeFeedDocument({ items: [] })],
  [
    'strings with line breaks, quotes, escapes and astral characters',
    makeFeedDocument({
      description: 'line\nbreak "quoted" \\ back',
      items: [
        makeFeedItem({
          title: `${TRICKY.title} 🎉`,
          html: '<pre>a\n  b\r\n\tc</pre>\n<p>"]]>" \u2028 \u2029</p>',
          summary: '{"items": []}\n}',
          categories: [TRICKY.category, 'x\ny'],
          authors: [{ name: 'Ada', url: `${SITE}ada/` }],
          image: `${SITE}a b.png`,
        }),
      ],
    }),
  ],
];

describe('jsonRenderer', () => {
  it.each(DOCUMENTS)('gives the bytes of JSON.stringify of the whole feed (%s)', (_label, doc) => {
    const { body, problem } = jsonRenderer(prepareItem)(doc);
    expect({ body: body.join(''), problem }).toEqual({ body: stringifiedWhole(doc), problem: undefined });
  });

  it.each(DOCUMENTS.filter(([, doc]) => doc.items.length > 0))("measures each item's bytes: every count of the newest items is as large as they say (%s)", (_label, doc) => {
    const render = jsonRenderer(prepareItem);
    const whole = render(doc);
    const own = Buffer.byteLength(whole.body.join('')) - whole.itemBytes.reduce((sum, bytes) => sum + bytes, 0);
    for (let count = 1; count <= doc.items.length; count++) {
      const fewer = render({ ...doc, items: doc.items.slice(0, count) });
      expect(Buffer.byteLength(fewer.body.join('')), `${count} items`).toBe(own + whole.itemBytes.slice(0, count).reduce((sum, bytes) => sum + bytes, 0));
    }
  });

  it('writes an item in several feeds once, each feed getting the bytes it has alone', () => {
    const shared = [makeFeedItem(), makeFeedItem({ id: `${SITE}b/`, url: `${SITE}b/`, title: 'B' })];
    const docs = [makeFeedDocument({ items: shared }), makeFeedDocument({ title: 'Tag', items: [shared[1]!] })];
    const stringify = vi.spyOn(JSON, 'stringify');
    // As the builder gives it: prepared items are the same objects in every feed.
    const render = jsonRenderer(oncePerItem(prepareItem));
    const bodies = docs.map((doc) => render(doc).body.join(''));
    const itemsWritten = stringify.mock.calls.filter(([value]) => typeof value === 'object' && value !== null && 'content_html' in value);
    stringify.mockRestore();
    expect(itemsWritten).toHaveLength(2);
    expect(bodies).toEqual(docs.map(stringifiedWhole));
  });
});
