/**
 * Archive documents build their items as `feed` writes them (`itemElement`), without it. Each row
 * is an item; in each XML format, its element in an archive must be byte for byte the element
 * `feed` wrote (read back and completed) for it in a subscription document.
 */
import { describe, expect, it } from 'vitest';
import { ATOM } from '../../src/documents/atom.ts';
import { prepareItem } from '../../src/documents/prepare.ts';
import { RSS } from '../../src/documents/rss.ts';
import { xmlRenderer } from '../../src/documents/xml-document.ts';
import type { XmlFeedFormat } from '../../src/documents/xml-format.ts';
import type { FeedDocument, FeedItem } from '../../src/model.ts';
import { SITE, TRICKY, makeFeedDocument, makeFeedItem } from '../support/feed-checks.ts';

const ITEMS: [string, Partial<FeedItem>][] = [
  ['a usual post', {}],
  ['an id that is not its URL, no author, no category', { id: 'tag:blog.example.com,2023:older', categories: [], authors: [] }],
  ['text that broke feed 6 or xml-js', { title: TRICKY.title, html: TRICKY.html, summary: `${TRICKY.literalEntity} < ${TRICKY.title}`, categories: [TRICKY.category, TRICKY.literalEntity] }],
  ['characters XML cannot carry', { title: `a${TRICKY.verticalTab}b`, summary: `c${TRICKY.verticalTab}d` }],
  ['no body and no summary', { html: '', summary: '' }],
  ['a summary only', { html: '' }],
  [
    'authors with e-mail and home page',
    {
      authors: [
        { name: 'Ada & Co', email: 'ada@example.com', url: `${SITE}ada/?a=1&b=2` },
        { name: 'Grace', url: 'https://grace.example/' },
        { name: 'Tom', email: 'tom@example.com' },
      ],
    },
  ],
  ['an e-mail that is empty, or nothing once characters XML cannot carry are removed', { authors: [{ name: 'A', email: '' }, { name: 'B', email: '\u0001' }] }],
  ['an image and a comments page', { image: `${SITE}img/cover one.png?w=1&h=2`, comments: 'https://forum.example/t/42?x=1&y=2' }],
  ['URLs new URL() rewrites', { id: 'HTTPS://Blog.Example.COM/posts/ü x/', url: 'https://blog.example.com/posts/ü x/?q=a&r="b"#frag' }],
  ['CDATA ends and CRs in text', { title: 'x ]]> y\r\nz', summary: 'p ]]> q\r', html: '<p>a]]>b\r\nc</p>' }],
  ['dates with milliseconds and far ahead', { published: '1999-12-31T23:59:59.999Z', updated: '2999-01-01T00:00:00.000Z' }],
];

/** The item's element as `render` writes the one-item document `doc`. */
function itemText(format: XmlFeedFormat, doc: FeedDocument): string {
  const { body: pieces, problem } = xmlRenderer(format, prepareItem)(doc);
  const body = pieces.join('');
  expect(problem).toBeUndefined();
  const name = format.items.name;
  const match = new RegExp(`\\n( *<${name}>[\\s\\S]*</${name}>)\\n`).exec(body);
  if (!match?.[1]) throw new Error(`no <${name}> in:\n${body}`);
  return match[1];
}

describe.each([
  ['RSS', RSS],
  ['Atom', ATOM],
])('%s: an archive item is the element feed writes', (_name, format) => {
  it.each(ITEMS)('%s', (_label, overrides) => {
    const item = makeFeedItem(overrides);
    const subscription = makeFeedDocument({ items: [item] });
    const archive = makeFeedDocument({ items: [item], history: { kind: 'archive', current: subscription.links } });
    expect(itemText(format, archive)).toBe(itemText(format, subscription));
  });
});
