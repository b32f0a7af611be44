/**
 * Shared test helpers for the three feed documents: model factories (fresh objects on every
 * call), independent readers that parse RSS, Atom and JSON Feed back into comparable items, and
 * the published schemas (JSON Feed through ajv, Atom through jing).
 *
 * The readers use saxes with namespaces on and nothing from `src/documents`, so they check the
 * documents from the outside, as a feed reader would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { SaxesParser } from 'saxes';
import type { FeedDocument, FeedItem } from '../../src/model.ts';

// ---------------------------------------------------------------- factories

export const SITE = 'https://blog.example.com/';

export function makeFeedItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: `${SITE}posts/hello/`,
    url: `${SITE}posts/hello/`,
    title: 'Hello',
    html: '<p>Hello, <a href="https://blog.example.com/posts/other/">world</a>.</p>',
    summary: 'Hello, world.',
    published: '2024-03-01T10:00:00.000Z',
    updated: '2024-03-02T11:30:00.000Z',
    categories: ['Thoughts', 'rust'],
    authors: [{ name: 'Ada Lovelace' }],
    ...overrides,
  };
}

/** Two items, newest first, unless `overrides.items` says otherwise. */
export function makeFeedDocument(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    title: 'Example Blog',
    description: 'Notes on things',
    language: 'en',
    homePageUrl: SITE,
    links: { rss: `${SITE}rss.xml`, atom: `${SITE}atom.xml`, json: `${SITE}feed.json` },
    id: SITE,
    author: { name: 'Ada Lovelace', url: `${SITE}about/` },
    updated: '2024-03-02T11:30:00.000Z',
    items: [
      makeFeedItem(),
      makeFeedItem({
        id: 'tag:blog.example.com,2023:older',
        url: `${SITE}posts/older/`,
        title: 'Older',
        html: '<p>Older.</p>',
        summary: 'Older.',
        published: '2023-12-24T08:00:00.000Z',
        updated: '2023-12-24T08:00:00.000Z',
        categories: [],
        authors: [],
      }),
    ],
    ...overrides,
  };
}

/** Strings that broke `feed` 6 or xml-js; each must read back the same in every format. */
export const TRICKY = {
  title: `Tom & Jerry <b>"quoted"</b> 'x'`,
  /** Two `]]>` (markdown-it escapes them in code, raw HTML does not). */
  html: '<p>one ]]> two</p><pre><code>a]]>b]]>c</code></pre>',
  category: 'C<T & <script>',
  /** U+000B cannot appear in XML, not even as a reference. */
  verticalTab: '\u000b',
  /** Read as `&` by xml-js unless it is escaped first. */
  literalEntity: 'AT&amp;T',
} as const;

// ---------------------------------------------------------------- a namespace-aware reader

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
  none: '',
} as const;

export interface XElement {
  uri: string;
  local: string;
  /** By qualified name (`xml:lang`, `isPermaLink`). */
  attributes: Record<string, string>;
  elements: XElement[];
  /** The element's own character data (text and CDATA). */
  text: string;
}

/** The root element; throws with saxes' message if the text is not namespace-well-formed XML. */
export function readXml(text: string): XElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XElement[] = [];
  let root: XElement | undefined;
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.name, attribute.value]));
    const element: XElement = { uri: tag.uri, local: tag.local, attributes, elements: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.elements.push(element);
    else root = element;
    stack.push(element);
  });
  const addText = (data: string) => {
    const current = stack.at(-1);
    if (current) current.text += data;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => stack.pop());
  parser.write(text).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** The first problem saxes (strict, namespaces on) finds, or undefined. */
export function xmlProblem(text: string): string | undefined {
  try {
    readXml(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function children(parent: XElement, uri: string, local: string): XElement[] {
  return parent.elements.filter((element) => element.uri === uri && element.local === local);
}

export function child(parent: XElement, uri: string, local: string): XElement {
  const found = children(parent, uri, local)[0];
  if (!found) throw new Error(`<${parent.local}> has no {${uri}}${local}`);
  return found;
}

export function childText(parent: XElement, uri: string, local: string): string | undefined {
  return children(parent, uri, local)[0]?.text;
}

// ---------------------------------------------------------------- items as every format reads

/** One entry as a reader understands it, comparable across formats. */
export interface ReadItem {
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  html: string;
  /** Plain text. */
  summary: string;
  /** `Date#toISOString()`, whatever notation the format used. */
  published: string;
  /** RSS has no per-item update. */
  updated: string | undefined;
  categories: string[];
  authors: string[];
}

const instant = (text: string) => new Date(text).toISOString();

export function rssChannel(xml: string): XElement {
  return child(readXml(xml), NS.none, 'channel');
}

/** An RSS description is HTML: what a reader shows is its text, entities decoded. */
function htmlText(html: string): string {
  return html.replace(/&(lt|gt|amp|quot|#39);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[name] ?? '');
}

export function readRssItems(xml: string): ReadItem[] {
  return children(rssChannel(xml), NS.none, 'item').map((item) => ({
    id: childText(item, NS.none, 'guid') ?? '',
    url: childText(item, NS.none, 'link') ?? '',
    title: childText(item, NS.none, 'title') ?? '',
    html: childText(item, NS.content, 'encoded') ?? '',
    summary: htmlText(childText(item, NS.none, 'description') ?? ''),
    published: instant(childText(item, NS.none, 'pubDate') ?? ''),
    updated: undefined,
    categories: children(item, NS.none, 'category').map((category) => category.text),
    authors: children(item, NS.dc, 'creator').map((creator) => creator.text),
  }));
}

export function readAtomItems(xml: string): ReadItem[] {
  return children(readXml(xml), NS.atom, 'entry').map((entry) => ({
    id: childText(entry, NS.atom, 'id') ?? '',
    url: alternateLink(entry),
    title: plainText(child(entry, NS.atom, 'title')),
    html: childText(entry, NS.atom, 'content') ?? '',
    summary: children(entry, NS.atom, 'summary').map(plainText)[0] ?? '',
    published: instant(childText(entry, NS.atom, 'published') ?? ''),
    updated: instant(childText(entry, NS.atom, 'updated') ?? ''),
    categories: children(entry, NS.atom, 'category').map((category) => category.attributes.term ?? ''),
    authors: children(entry, NS.atom, 'author').map((author) => childText(author, NS.atom, 'name') ?? ''),
  }));
}

/** A reader would take `type="html"` text as markup; ours must say it is text. */
function plainText(element: XElement): string {
  const type = element.attributes.type ?? 'text';
  if (type !== 'text') throw new Error(`<${element.local}> has type="${type}", expected plain text`);
  return element.text;
}

function alternateLink(entry: XElement): string {
  const link = children(entry, NS.atom, 'link').find((element) => (element.attributes.rel ?? 'alternate') === 'alternate');
  return link?.attributes.href ?? '';
}

interface JsonItemShape {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary?: string;
  date_published: string;
  date_modified: string;
  tags?: string[];
  authors?: { name: string }[];
}

export function readJsonItems(json: string): ReadItem[] {
  const feed = JSON.parse(json) as { items: JsonItemShape[] };
  return feed.items.map((item) => ({
    id: item.id,
    url: item.url,
    title: item.title,
    html: item.content_html,
    summary: item.summary ?? '',
    published: instant(item.date_published),
    updated: instant(item.date_modified),
    categories: item.tags ?? [],
    authors: (item.authors ?? []).map((author) => author.name),
  }));
}

// ---------------------------------------------------------------- published schemas

const SCHEMAS = fileURLToPath(new URL('../fixtures/schemas/', import.meta.url));

let jsonFeedValidator: ReturnType<Ajv['compile']> | undefined;

/** ajv's messages for `json` against the published JSON Feed 1.1 schema, formats on; [] if valid. */
export function jsonFeedSchemaErrors(json: string): string[] {
  jsonFeedValidator ??= compileJsonFeedSchema();
  if (jsonFeedValidator(JSON.parse(json))) return [];
  return (jsonFeedValidator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

function compileJsonFeedSchema(): ReturnType<Ajv['compile']> {
  // draft-07 is Ajv's default dialect; strict off because the schema carries descriptive keywords.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'jsonfeed-1.1.schema.json'), 'utf8')));
}

/** jing's verdict on `xml` against the RFC 4287 RELAX NG schema. Needs `apt-get install -y jing`. */
export function jingAtom(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'feedbucket-atom-'));
  try {
    const file = join(dir, 'atom.xml');
    writeFileSync(file, xml);
    const run = spawnSync('jing', ['-c', join(SCHEMAS, 'atom.rnc'), file], { encoding: 'utf8', timeout: 60_000 });
    if (run.error) return { ok: false, output: `jing could not run (apt-get install -y jing): ${run.error.message}` };
    // Debian's jing launcher warns on stderr about optional jars; validation errors go to stdout.
    return { ok: run.status === 0, output: run.status === 0 ? run.stdout : `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
