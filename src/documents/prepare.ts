/**
 * The one model all three formats are written from, checked and cleaned: so a problem in it
 * becomes a ModelError naming the field, never a crash inside `feed`, and every format carries
 * the same text, URLs and instants. Items are prepared on their own, so that an item in many
 * documents can be prepared once for all of them.
 */
import type { FeedDocument, FeedHistory, FeedItem, FeedLinks, Person } from '../model.ts';
import { ModelError } from './model-error.ts';
import { cleanText } from './xml-text.ts';

// RFC 3339 as the model promises it (`2017-09-14T00:14:21.000Z`); offsets are tolerated.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// The language tag shape Atom's schema accepts for `xml:lang`.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * `doc` with every string cleaned (see `cleanText`), every URL absolute and in the form
 * `new URL()` writes it (`feed` rewrites URLs that way, so the JSON Feed must too) and every
 * instant as `Date#toISOString()`; its items through `prepare` (`prepareItem`, or that remembered).
 * Throws a ModelError naming the field at fault: the feed's own fields first, then the items'.
 */
export function prepareDocument(doc: FeedDocument, prepare: (item: FeedItem) => FeedItem): FeedDocument {
  return {
    title: requiredText(doc.title, 'title'),
    description: cleanText(doc.description),
    language: languageTag(doc.language),
    homePageUrl: checkedUrl(doc.homePageUrl, 'homePageUrl'),
    links: prepareLinks(doc.links, 'links'),
    id: requiredText(doc.id, 'id'),
    hubs: doc.hubs?.map((hub, index) => checkedUrl(hub, `hubs[${index}]`)),
    history: doc.history && prepareHistory(doc.history),
    stylesheet: doc.stylesheet === undefined ? undefined : checkedUrl(doc.stylesheet, 'stylesheet'),
    author: doc.author && preparePerson(doc.author, 'author'),
    updated: instant(doc.updated, 'updated'),
    items: doc.items.map(prepare),
  };
}

function prepareHistory(history: FeedHistory): FeedHistory {
  const older = (links: FeedLinks) => prepareLinks(links, 'history.prevArchive');
  if (history.kind === 'complete') return history;
  if (history.kind === 'archived') return { kind: 'archived', prevArchive: older(history.prevArchive) };
  return { kind: 'archive', current: prepareLinks(history.current, 'history.current'), ...(history.prevArchive ? { prevArchive: older(history.prevArchive) } : {}) };
}

/** Who the feed is by: the site author, else the site itself (Atom requires an author). */
export function feedAuthor(doc: FeedDocument): Person {
  return doc.author ?? { name: doc.title };
}

function prepareLinks(links: FeedLinks, label: string): FeedLinks {
  return {
    rss: checkedUrl(links.rss, `${label}.rss`),
    atom: checkedUrl(links.atom, `${label}.atom`),
    json: checkedUrl(links.json, `${label}.json`),
  };
}

/** One item as `prepareDocument` prepares the feed: a pure function of the item. */
export function prepareItem(item: FeedItem): FeedItem {
  try {
    return preparedItem(item);
  } catch (error) {
    // The item is named only when it fails: a name for each field of every item cost more than the checks.
    if (error instanceof ModelError) throw new ModelError(`item ${JSON.stringify(item.id)}: ${error.message}`, { cause: error });
    throw error;
  }
}

function preparedItem(item: FeedItem): FeedItem {
  const title = requiredText(item.title, 'title');
  return {
    id: requiredText(item.id, 'id'),
    url: checkedUrl(item.url, 'url'),
    title,
    html: cleanText(item.html),
    summary: summaryOrTitle(cleanText(item.summary), title),
    published: instant(item.published, 'published'),
    updated: instant(item.updated, 'updated'),
    categories: item.categories.map(cleanText).filter((category) => category !== ''),
    authors: item.authors.map((person, index) => preparePerson(person, `authors[${index}]`)),
    image: item.image === undefined ? undefined : checkedUrl(item.image, 'image'),
    comments: item.comments === undefined ? undefined : checkedUrl(item.comments, 'comments'),
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

function preparePerson(person: Person, label: string): Person {
  return {
    name: cleanText(person.name),
    email: person.email === undefined ? undefined : cleanText(person.email),
    url: person.url === undefined ? undefined : checkedUrl(person.url, `${label}.url`),
  };
}

function requiredText(value: string, label: string): string {
  const text = cleanText(value);
  if (text.trim() === '') throw new ModelError(`${label} is empty (after removing characters XML cannot carry)`);
  return text;
}

function checkedUrl(value: string, label: string): string {
  // Parsed once: `URL.canParse` first would parse every URL twice.
  try {
    return new URL(cleanText(value)).href;
  } catch {
    throw new ModelError(`${label} ${JSON.stringify(value)} is not an absolute URL; feeds need absolute URLs`);
  }
}

function instant(value: string, label: string): string {
  const time = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new ModelError(`${label} ${JSON.stringify(value)} is not an RFC 3339 instant`);
  }
  return new Date(time).toISOString();
}

function languageTag(value: string): string {
  if (!LANGUAGE_TAG.test(value)) {
    throw new ModelError(`language ${JSON.stringify(value)} is not a language tag such as "en" or "de-CH"`);
  }
  return value;
}
