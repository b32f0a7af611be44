/**
 * A document whose item fails its check is not returned: the builder reports it under its key as
 * before, with the problem the whole document's check finds. RSS is made to write text unescaped,
 * so that `<` in a title breaks the item's element; no real input can, which is why it is faked.
 */
import { describe, expect, it, vi } from 'vitest';
import { createDocumentBuilder } from '../../src/documents/build-documents.ts';
import type { XmlFeedFormat } from '../../src/documents/xml-format.ts';
import { SITE, makeFeedDocument, makeFeedItem } from '../support/feed-checks.ts';

vi.mock('../../src/documents/rss.ts', async (importOriginal) => {
  const { RSS } = await importOriginal<{ RSS: XmlFeedFormat }>();
  return { RSS: { ...RSS, itemText: (text: string) => text } };
});

describe('an item whose element fails its check', () => {
  it('gives a DocumentError under the key of each document holding it, and leaves the other documents alone', () => {
    const broken = makeFeedItem({ title: 'a < b' });
    const fine = makeFeedItem({ id: `${SITE}fine/`, url: `${SITE}fine/`, title: 'fine' });
    const build = createDocumentBuilder();
    const holding = build(makeFeedDocument({ items: [fine, broken] }), { rss: 'tags/x/rss.xml', atom: 'tags/x/atom.xml', json: 'tags/x/feed.json' });
    const other = build(makeFeedDocument({ items: [fine] }), { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' });
    expect(holding.files.map((file) => file.key)).toEqual(['tags/x/atom.xml', 'tags/x/feed.json']);
    expect(holding.errors.map((error) => [error.key, error.message])).toEqual([
      ['tags/x/rss.xml', expect.stringMatching(/^the generated document failed its check: not well-formed XML: \d+:\d+: /)],
    ]);
    expect(other.errors).toEqual([]);
  });
});
