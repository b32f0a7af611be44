/**
 * WebSub discovery (W3C WebSub 4): a feed names its hubs beside its own URL, in each format's way,
 * and stays valid against each format's schema; a feed without hubs says nothing of them.
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/documents/model-error.ts';
import { NS, SITE, children, jingAtom, jsonFeedSchemaErrors, makeFeedDocument, readXml, rssChannel } from '../support/feed-checks.ts';
import { renderAtom, renderJsonFeed, renderRss } from './render.ts';

/** A query with `&`, which must be escaped in XML and read back as written. */
const HUBS = ['https://hub.example/', 'https://websub.example.org/hub?site=blog&mode=fast'];

const linksIn = (elements: ReturnType<typeof readXml>[]) => elements.map((link) => link.attributes);

/** The links of each format's feed element, and what its JSON Feed twin says, as a reader finds them. */
const FORMATS = [
  {
    format: 'rss',
    links: (doc: ReturnType<typeof makeFeedDocument>) => linksIn(children(rssChannel(renderRss(doc)), NS.atom, 'link')),
    self: { rel: 'self', type: 'application/rss+xml', href: `${SITE}rss.xml` },
  },
  {
    format: 'atom',
    links: (doc: ReturnType<typeof makeFeedDocument>) => linksIn(children(readXml(renderAtom(doc)), NS.atom, 'link')),
    self: { rel: 'self', type: 'application/atom+xml', href: `${SITE}atom.xml` },
  },
] as const;

describe('WebSub hub links', () => {
  it.each(FORMATS)('$format: rel="hub" for each hub after the feed\'s own links, rel="self" among them', ({ links, self }) => {
    const found = links(makeFeedDocument({ hubs: HUBS }));
    expect(found).toContainEqual(self);
    expect(found.slice(-2)).toEqual(HUBS.map((href) => ({ rel: 'hub', href })));
  });

  it.each(FORMATS)('$format: no hub link when the site names no hub', ({ links }) => {
    expect(links(makeFeedDocument()).filter((link) => link.rel === 'hub')).toEqual([]);
  });

  it('json: "hubs" of type WebSub, valid against the JSON Feed 1.1 schema', () => {
    const json = renderJsonFeed(makeFeedDocument({ hubs: HUBS }));
    expect((JSON.parse(json) as { hubs: unknown }).hubs).toEqual(HUBS.map((url) => ({ type: 'WebSub', url })));
    expect(jsonFeedSchemaErrors(json)).toEqual([]);
  });

  it('json: no "hubs" when the site names no hub', () => {
    expect(JSON.parse(renderJsonFeed(makeFeedDocument()))).not.toHaveProperty('hubs');
  });

  it('atom with hubs is valid against the RFC 4287 RELAX NG schema (jing)', () => {
    const verdict = jingAtom(renderAtom(makeFeedDocument({ hubs: HUBS })));
    expect(verdict.ok, verdict.output).toBe(true);
  });

  it('rss escapes the hub URL as an attribute value', () => {
    expect(renderRss(makeFeedDocument({ hubs: HUBS }))).toContain('<atom:link rel="hub" href="https://websub.example.org/hub?site=blog&amp;mode=fast"/>');
  });

  it.each([
    ['rss', renderRss],
    ['atom', renderAtom],
    ['json', renderJsonFeed],
  ] as const)('%s: a hub that is no absolute URL is a ModelError naming it', (_format, render) => {
    expect(() => render(makeFeedDocument({ hubs: ['https://hub.example/', '/hub'] }))).toThrow(ModelError);
    expect(() => render(makeFeedDocument({ hubs: ['https://hub.example/', '/hub'] }))).toThrow(/^hubs\[1\] "\/hub" is not an absolute URL/);
  });
});
