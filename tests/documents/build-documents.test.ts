import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocumentBuilder } from '../../src/documents/build-documents.ts';
import { DocumentError } from '../../src/errors.ts';
import type { FeedDocument, OutputFile } from '../../src/model.ts';
import {
  NS,
  SITE,
  TRICKY,
  child,
  childText,
  jsonFeedSchemaErrors,
  makeFeedDocument,
  makeFeedItem,
  readAtomItems,
  readJsonItems,
  readRssItems,
  readXml,
  rssChannel,
  xmlProblem,
} from '../support/feed-checks.ts';

/** The default file names, in the folder `basePath`, by a builder of its own. */
function build(doc: FeedDocument, basePath = '') {
  return createDocumentBuilder()(doc, { rss: `${basePath}rss.xml`, atom: `${basePath}atom.xml`, json: `${basePath}feed.json` });
}

function bodyOf(files: OutputFile[], key: string): string {
  const file = files.find((candidate) => candidate.key === key);
  if (!file) throw new Error(`no ${key} among ${files.map((f) => f.key).join(', ')}`);
  return file.body.join('');
}

function allThree(doc: FeedDocument) {
  const { files, errors } = build(doc);
  expect(errors).toEqual([]);
  return { rss: bodyOf(files, 'rss.xml'), atom: bodyOf(files, 'atom.xml'), json: bodyOf(files, 'feed.json') };
}

/** `feed` escapes `&` in URLs and xml-js unescapes `&amp;`: both must survive. */
const SECOND_URL = `${SITE}posts/second/?a=1&amp;b=2&c=3`;

/** A document whose first item carries every string that broke `feed` 6. */
function trickyDocument(): FeedDocument {
  return makeFeedDocument({
    title: `${TRICKY.title} ${TRICKY.literalEntity}`,
    description: `${TRICKY.literalEntity} ]]> <i>`,
    author: { name: `${TRICKY.literalEntity} & co` },
    items: [
      makeFeedItem({
        title: `${TRICKY.title}${TRICKY.verticalTab} ${TRICKY.literalEntity} ]]>]]>`,
        html: `${TRICKY.html}<p>tab${TRICKY.verticalTab}here</p>\r\n`,
        summary: `${TRICKY.title} ]]> ${TRICKY.literalEntity} ]]>${TRICKY.verticalTab}`,
        categories: [`${TRICKY.category}${TRICKY.verticalTab}`, TRICKY.literalEntity],
        authors: [{ name: `Tom & <Jerry> ${TRICKY.literalEntity}` }],
      }),
      makeFeedItem({ id: 'urn:uuid:5f3c1a52-8c54-4c3e-9d4c-0d7a0c3a1b2e', url: SECOND_URL, title: 'Second' }),
    ],
  });
}

describe('buildDocuments', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the three documents under the base path with their content types', () => {
    const { files, errors } = build(makeFeedDocument(), 'tags/rust/');
    expect(errors).toEqual([]);
    expect(files.map(({ key, contentType }) => ({ key, contentType }))).toEqual([
      { key: 'tags/rust/rss.xml', contentType: 'application/rss+xml; charset=utf-8' },
      { key: 'tags/rust/atom.xml', contentType: 'application/atom+xml; charset=utf-8' },
      { key: 'tags/rust/feed.json', contentType: 'application/feed+json; charset=utf-8' },
    ]);
    for (const body of files.map((file) => file.body.join(''))) expect(body.endsWith('\n') && !body.endsWith('\n\n')).toBe(true);
  });

  it('writes each document under the key it is given', () => {
    const { files } = createDocumentBuilder()(makeFeedDocument(), { rss: 'index.xml', atom: 'feed/by_tag/rust.xml', json: 'tags/rust/index.json' });
    expect(files.map((file) => file.key)).toEqual(['index.xml', 'feed/by_tag/rust.xml', 'tags/rust/index.json']);
  });

  describe('strings that broke feed 6', () => {
    it('gives well-formed XML (strict, namespaces on) for both XML formats', () => {
      const { rss, atom } = allThree(trickyDocument());
      expect(xmlProblem(rss)).toBeUndefined();
      expect(xmlProblem(atom)).toBeUndefined();
    });

    it('reads the same text in all three formats, without the vertical tab, with LF line ends', () => {
      const { rss, atom, json } = allThree(trickyDocument());
      const expected = {
        title: `${TRICKY.title} ${TRICKY.literalEntity} ]]>]]>`,
        // CRLF as LF: what any XML parser would read, so JSON says the same.
        html: `${TRICKY.html}<p>tabhere</p>\n`,
        summary: `${TRICKY.title} ]]> ${TRICKY.literalEntity} ]]>`,
        categories: [TRICKY.category, TRICKY.literalEntity],
        authors: [`Tom & <Jerry> ${TRICKY.literalEntity}`],
      };
      for (const items of [readRssItems(rss), readAtomItems(atom), readJsonItems(json)]) {
        expect(items[0]).toMatchObject(expected);
      }
    });

    it('reads the same feed title, description and author in all three formats', () => {
      const { rss, atom, json } = allThree(trickyDocument());
      const channel = rssChannel(rss);
      const feed = readXml(atom);
      const jsonFeed = JSON.parse(json) as { title: string; description: string; authors: { name: string }[] };
      const title = `${TRICKY.title} ${TRICKY.literalEntity}`;
      const description = `${TRICKY.literalEntity} ]]> <i>`;
      expect([childText(channel, NS.none, 'title'), childText(feed, NS.atom, 'title'), jsonFeed.title]).toEqual([title, title, title]);
      expect([childText(channel, NS.none, 'description'), childText(feed, NS.atom, 'subtitle'), jsonFeed.description]).toEqual([
        description,
        description,
        description,
      ]);
      const author = `${TRICKY.literalEntity} & co`;
      expect([childText(child(feed, NS.atom, 'author'), NS.atom, 'name'), jsonFeed.authors[0]?.name]).toEqual([author, author]);
    });

    it('leaves no XML-illegal character in any format', () => {
      const { rss, atom, json } = allThree(trickyDocument());
      for (const body of [rss, atom, json]) expect(body).not.toContain(TRICKY.verticalTab);
      expect(json).not.toContain('\\u000b');
    });

    it('gives a JSON Feed that the published schema accepts, formats on', () => {
      expect(jsonFeedSchemaErrors(allThree(trickyDocument()).json)).toEqual([]);
    });
  });

  it('makes the three formats agree item for item: ids, links, titles, instants, order', () => {
    const { rss, atom, json } = allThree(trickyDocument());
    const [fromRss, fromAtom, fromJson] = [readRssItems(rss), readAtomItems(atom), readJsonItems(json)];
    const common = ({ id, url, title, html, summary, published, categories, authors }: (typeof fromRss)[number]) => ({
      id,
      url,
      title,
      html,
      summary,
      published,
      categories,
      authors,
    });
    expect(fromRss.map(common)).toEqual(fromJson.map(common));
    expect(fromAtom.map(common)).toEqual(fromJson.map(common));
    expect(fromAtom.map((item) => item.updated)).toEqual(fromJson.map((item) => item.updated));
    expect(fromJson.map((item) => [item.id, item.url])).toEqual([
      [`${SITE}posts/hello/`, `${SITE}posts/hello/`],
      ['urn:uuid:5f3c1a52-8c54-4c3e-9d4c-0d7a0c3a1b2e', SECOND_URL],
    ]);
  });

  describe('no build time', () => {
    it('gives identical bytes when rendered at two different clock times', () => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2031-05-06T07:08:09Z'));
      const first = build(makeFeedDocument());
      vi.setSystemTime(new Date('2042-10-11T12:13:14Z'));
      const second = build(makeFeedDocument());
      expect(second).toEqual(first);
      for (const file of first.files) {
        expect(file.body.join('')).not.toMatch(/2031|2042/);
      }
    });

    it('dates the feeds by the newest item update', () => {
      const { rss, atom, json } = allThree(makeFeedDocument({ updated: '2024-03-02T11:30:00.000Z' }));
      expect(rss).toContain('<lastBuildDate>Sat, 02 Mar 2024 11:30:00 GMT</lastBuildDate>');
      expect(atom).toMatch(/^ {2}<updated>2024-03-02T11:30:00.000Z<\/updated>$/m);
      expect(json).toContain('"date_modified": "2024-03-02T11:30:00.000Z"');
    });
  });

  describe('a model that cannot be rendered', () => {
    it('reports a relative item URL as a DocumentError for every key, without throwing', () => {
      const doc = makeFeedDocument({ items: [makeFeedItem({ url: '/posts/hello/' })] });
      const { files, errors } = build(doc, 'categories/thoughts/');
      expect(files).toEqual([]);
      expect(errors.map((error) => error.key)).toEqual([
        'categories/thoughts/rss.xml',
        'categories/thoughts/atom.xml',
        'categories/thoughts/feed.json',
      ]);
      for (const error of errors) {
        expect(error).toBeInstanceOf(DocumentError);
        expect(error.message).toContain('url "/posts/hello/" is not an absolute URL');
      }
    });

    const badFields: [string, () => Partial<FeedDocument>][] = [
      ['homePageUrl', () => ({ homePageUrl: 'blog.example.com' })],
      ['links.json', () => ({ links: { rss: `${SITE}rss.xml`, atom: `${SITE}atom.xml`, json: 'feed.json' } })],
      ['author', () => ({ author: { name: 'Ada', url: '/about/' } })],
      ['image', () => ({ items: [makeFeedItem({ image: 'cover.png' })] })],
      ['published', () => ({ items: [makeFeedItem({ published: 'yesterday' })] })],
      ['language', () => ({ language: 'English (UK)' })],
    ];

    it.each(badFields)('reports a bad %s as a DocumentError naming it', (field, overrides) => {
      const { files, errors } = build(makeFeedDocument(overrides()));
      expect(files).toEqual([]);
      expect(errors).toHaveLength(3);
      for (const error of errors) expect(error.message).toContain(field);
    });

    it('fails only Atom for an id that is not an IRI (RSS guids and JSON ids may be anything)', () => {
      const { files, errors } = build(makeFeedDocument({ items: [makeFeedItem({ id: 'post-1234' })] }));
      expect(files.map((file) => file.key)).toEqual(['rss.xml', 'feed.json']);
      expect(errors.map((error) => [error.key, error.message])).toEqual([
        ['atom.xml', 'item "post-1234": id is not an absolute IRI, which Atom requires of ids'],
      ]);
    });

    it('does not return a document that fails its check, and names the key and the problem', () => {
      const doc = makeFeedDocument({ items: [makeFeedItem({ id: 'post-1234' })] });
      const { files, errors } = build(doc, 'tags/rust/');
      expect(files.map((file) => file.key)).toEqual(['tags/rust/rss.xml', 'tags/rust/feed.json']);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.key).toBe('tags/rust/atom.xml');
      expect(errors[0]?.message).toContain('id is not an absolute IRI');
    });
  });
});
