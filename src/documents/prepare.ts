/**
 * The one model all three formats are written from, checked and cleaned once per format: so a
 * problem in it becomes a DocumentError naming the field, never a crash inside `feed`, and every
 * format carries the same text, URLs and instants.
 */
import { DocumentError } from '../errors.ts';
import type { FeedDocument, FeedItem, FeedLinks, Person } from '../model.ts';
import { cleanText } from './xml-text.ts';

// RFC 3339 as the model promises it (`2017-09-14T00:14:21.000Z`); offsets are tolerated.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// The language tag shape Atom's schema accepts for `xml:lang`.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * `doc` with every string cleaned (see `cleanText`), every URL absolute and in the form
 * `new URL()` writes it (`feed` rewrites URLs that way, so the JSON Feed must too) and every
 * instant as `Date#toISOString()`. Throws a DocumentError for `key` naming the field at fault.
 */
export function prepareDocument(doc: FeedDocument, key: string): FeedDocument {
  return {
    title: requiredText(doc.title, 'title', key),
    description: cleanText(doc.description),
    language: languageTag(doc.language, key),
    homePageUrl: checkedUrl(doc.homePageUrl, 'homePageUrl', key),
    links: prepareLinks(doc.links, key),
    id: requiredText(doc.id, 'id', key),
    author: doc.author && preparePerson(doc.author, 'author', key),
    updated: instant(doc.updated, 'updated', key),
    items: doc.items.map((item) => prepareItem(item, key)),
  };
}

/** Who the feed is by: the site author, else the site itself (Atom requires an author). */
export function feedAuthor(doc: FeedDocument): Person {
  return doc.author ?? { name: doc.title };
}

function prepareLinks(links: FeedLinks, key: string): FeedLinks {
  return {
    rss: checkedUrl(links.rss, 'links.rss', key),
    atom: checkedUrl(links.atom, 'links.atom', key),
    json: checkedUrl(links.json, 'links.json', key),
  };
}

function prepareItem(item: FeedItem, key: string): FeedItem {
  const label = (field: string) => `item ${JSON.stringify(item.id)}: ${field}`;
  const title = requiredText(item.title, label('title'), key);
  return {
    id: requiredText(item.id, label('id'), key),
    url: checkedUrl(item.url, label('url'), key),
    title,
    html: cleanText(item.html),
    summary: summaryOrTitle(cleanText(item.summary), title),
    published: instant(item.published, label('published'), key),
    updated: instant(item.updated, label('updated'), key),
    categories: item.categories.map(cleanText).filter((category) => category !== ''),
    authors: item.authors.map((person, index) => preparePerson(person, label(`authors[${index}]`), key)),
    image: item.image === undefined ? undefined : checkedUrl(item.image, label('image'), key),
  };
}

/**
 * An item with no text of its own (an empty body, no summary) still gets one: readers and the
 * W3C validator expect an RSS `<description>` and an Atom `<summary>` (or content), and the
 * title is the honest fallback. Chosen here so that JSON Feed carries the same summary.
 */
function summaryOrTitle(summary: string, title: string): string {
  return summary.trim() === '' ? title : summary;
}

function preparePerson(person: Person, label: string, key: string): Person {
  return {
    name: cleanText(person.name),
    email: person.email === undefined ? undefined : cleanText(person.email),
    url: person.url === undefined ? undefined : checkedUrl(person.url, `${label}.url`, key),
  };
}

function requiredText(value: string, label: string, key: string): string {
  const text = cleanText(value);
  if (text.trim() === '') throw new DocumentError(`${label} is empty (after removing characters XML cannot carry)`, key);
  return text;
}

function checkedUrl(value: string, label: string, key: string): string {
  const text = cleanText(value);
  if (!URL.canParse(text)) {
    throw new DocumentError(`${label} ${JSON.stringify(value)} is not an absolute URL; feeds need absolute URLs`, key);
  }
  return new URL(text).href;
}

function instant(value: string, label: string, key: string): string {
  const time = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new DocumentError(`${label} ${JSON.stringify(value)} is not an RFC 3339 instant`, key);
  }
  return new Date(time).toISOString();
}

function languageTag(value: string, key: string): string {
  if (!LANGUAGE_TAG.test(value)) {
    throw new DocumentError(`language ${JSON.stringify(value)} is not a language tag such as "en" or "de-CH"`, key);
  }
  return value;
}
