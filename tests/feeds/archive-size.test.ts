/**
 * The bound that sizes archive pages is a bound: for items of the most lengthened text, each
 * format's document takes no more of their bytes than the bound says, and the document's own part
 * no more than its bound.
 */
import { describe, expect, it } from 'vitest';
import { ATOM } from '../../src/documents/atom.ts';
import { jsonRenderer } from '../../src/documents/json-document.ts';
import { prepareItem } from '../../src/documents/prepare.ts';
import { RSS } from '../../src/documents/rss.ts';
import { xmlRenderer } from '../../src/documents/xml-document.ts';
import { archiveItemBound, documentBound } from '../../src/feeds/archive-size.ts';
import { archiveDocument, archiveItem } from '../../src/feeds/feed-document.ts';
import { feedFiles } from '../../src/feeds/feed-files.ts';
import type { FeedScope } from '../../src/feeds/feed-scopes.ts';
import type { PostMeta } from '../../src/model.ts';
import { siteConfig } from '../support/site-config.ts';

const ESCAPES = '&<>"\']]>\\\t';
const site = siteConfig({ author: `Site ${ESCAPES}`, browserView: true });
const scope: FeedScope = { path: 'tags/x/', files: feedFiles(site.feeds, { kind: 'tags', slug: 'x' }), title: `Title ${ESCAPES}`, description: `About ${ESCAPES}`, posts: [], total: 0, older: [] };
const page = { files: { rss: 'archives/a.rss.xml', atom: 'archives/a.atom.xml', json: 'archives/a.json' }, older: { rss: 'archives/b.rss.xml', atom: 'archives/b.atom.xml', json: 'archives/b.json' } };

function postOf(overrides: Partial<PostMeta>): PostMeta {
  return {
    key: 'p.md', title: 'A post', date: '2024-01-01T00:00:00.000Z', updated: '2024-01-01T00:00:00.000Z', draft: false, slug: 'p',
    url: 'https://blog.example.com/p/', id: 'https://blog.example.com/p/', tags: [], categories: [], authors: [], ...overrides,
  };
}

const RENDERERS = { rss: xmlRenderer(RSS, prepareItem), atom: xmlRenderer(ATOM, prepareItem), json: jsonRenderer(prepareItem) };

describe('the archive size bound', () => {
  it.each([
    ['a plain post', postOf({})],
    ['a title of nothing but escapes', postOf({ title: ESCAPES.repeat(50) })],
    ['a summary of nothing but escapes', postOf({ summary: ESCAPES.repeat(50) })],
    ['one-letter tags and categories', postOf({ tags: 'abcdefghijklmnopqrstuvwxyz'.split(''), categories: ['&', '<', ']'] })],
    ['authors, an image and a discussion', postOf({ authors: [{ name: `A ${ESCAPES}`, email: 'a@example.com', url: 'https://a.example/?a=1&b="2"' }, { name: 'B' }], image: 'https://blog.example.com/i.png?a&b', comments: 'https://blog.example.com/p/#c&d' })],
    ['an id that is no URL and a URL with a query', postOf({ id: `tag:blog.example.com,2024:${ESCAPES.repeat(5)}`, url: 'https://blog.example.com/p/?a=1&b=<2>' })],
  ])('holds for %s in every format', (_name, post) => {
    const item = archiveItem(post, post.id, site);
    const model = archiveDocument(scope, page, [item], site);
    const { items: _none, ...own } = model;
    for (const [format, render] of Object.entries(RENDERERS)) {
      const { body, itemBytes } = render(model);
      expect(itemBytes[0], format).toBeLessThanOrEqual(archiveItemBound(item));
      expect(Buffer.byteLength(body.join('')) - (itemBytes[0] ?? 0), format).toBeLessThanOrEqual(documentBound(JSON.stringify(own)));
    }
  });
});
