/**
 * Atom 1.0. `feed` writes the feed and entries; we then correct what it gets wrong for our model
 * (titles and summaries are plain text, not HTML; ids verbatim; categories by `term`) and add the
 * links it cannot write. An archive's entries are built as `feed` writes them (`entryElement`).
 */
import type { Author, FeedOptions, Item } from 'feed';
import type { FeedDocument, FeedItem, Person } from '../model.ts';
import { FEED_HISTORY_NAMESPACE, GENERATOR, HTML_STAND_IN, MEDIA_RSS_NAMESPACE, formatLinks, historyLinks, historyMarkers, hubLinks, linkAttributes, mediaThumbnail } from './formats.ts';
import type { FeedLink } from './formats.ts';
import { ModelError } from './model-error.ts';
import { feedAuthor } from './prepare.ts';
import type { XmlFeedFormat } from './xml-format.ts';
import { feedCdata, feedText, xmlCharacterData } from './xml-text.ts';
import { childElement, childElements, replaceChildren, setText, textElement, xmlElement } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

export const ATOM: XmlFeedFormat = {
  writer: 'atom1',
  // Atom's own namespace is the default one, which `feed` declares; the prefixes are extensions'.
  namespaces: { fh: FEED_HISTORY_NAMESPACE, media: MEDIA_RSS_NAMESPACE },
  items: { name: 'entry', depth: 1 },
  assertCarries: assertIdsAreIris,
  feedOptions,
  feedItem: atomEntry,
  completeDocument: completeFeed,
  completeItem: completeEntry,
  itemElement: entryElement,
  skeletonText: xmlCharacterData,
  itemText: xmlCharacterData,
};

/** Atom ids are IRIs (RFC 4287 4.2.6), unlike RSS guids and JSON Feed ids. */
function assertIdsAreIris(model: FeedDocument): void {
  const ids = [{ label: 'id', id: model.id }, ...model.items.map((item) => ({ label: `item ${JSON.stringify(item.id)}: id`, id: item.id }))];
  for (const { label, id } of ids) {
    if (!URL.canParse(id)) throw new ModelError(`${label} is not an absolute IRI, which Atom requires of ids`);
  }
}

function feedOptions(model: FeedDocument): FeedOptions {
  return {
    id: feedText(model.id),
    title: feedText(model.title),
    // `feed` would write the clock as `updated`; the newest update keeps the bytes stable.
    updated: new Date(model.updated),
    generator: GENERATOR,
    link: model.homePageUrl,
    feedLinks: { atom: model.links.atom },
    description: model.description === '' ? undefined : feedText(model.description),
    author: toFeedAuthor(feedAuthor(model)),
  };
}

function atomEntry(item: FeedItem): Item {
  return {
    title: feedCdata(item.title),
    id: item.id,
    link: item.url,
    date: new Date(item.updated),
    published: new Date(item.published),
    description: item.summary === '' ? undefined : feedCdata(item.summary),
    content: item.html === '' ? undefined : HTML_STAND_IN,
    author: item.authors.length === 0 ? undefined : item.authors.map(toFeedAuthor),
  };
}

function toFeedAuthor(person: Person): Author {
  return {
    name: feedText(person.name),
    email: person.email === undefined ? undefined : feedText(person.email),
    link: person.url,
  };
}

/** What `feed` writes of `atomEntry(item)`, completed: the same element, built without it (a prepared item's instants are as `feed` writes them). */
function entryElement(item: FeedItem): XmlElement {
  const entry = xmlElement('entry', {}, [
    textElement('title', item.title),
    textElement('id', item.id),
    xmlElement('link'),
    textElement('updated', item.updated),
    ...(item.summary === '' ? [] : [textElement('summary', item.summary)]),
    ...(item.html === '' ? [] : [textElement('content', item.html, { type: 'html' })]),
    ...item.authors.map(authorElement),
    textElement('published', item.published),
  ]);
  completeEntry(entry, item);
  return entry;
}

/** As `feed` writes an author: an empty e-mail or URL is left out. */
function authorElement(person: Person): XmlElement {
  return xmlElement('author', {}, [
    textElement('name', person.name),
    ...(person.email ? [textElement('email', person.email)] : []),
    ...(person.url ? [textElement('uri', person.url)] : []),
  ]);
}

function completeFeed(root: XmlElement, model: FeedDocument): void {
  root.attributes.set('xml:lang', model.language);
  const links = feedLinks(model).map((link) => xmlElement('link', linkAttributes(link)));
  replaceChildren(root, 'link', [...links, ...hubLinks(model, 'link')]);
  root.children.push(...historyMarkers(model));
}

function feedLinks(model: FeedDocument): FeedLink[] {
  return [{ rel: 'alternate', type: 'text/html', href: model.homePageUrl }, ...formatLinks(model.links, 'atom'), ...historyLinks(model, 'atom')];
}

function completeEntry(entry: XmlElement, item: FeedItem): void {
  // `feed` declares both as HTML; ours are plain text, so a `<b>` in a title must stay text.
  childElement(entry, 'title').attributes.set('type', 'text');
  for (const summary of childElements(entry, 'summary')) summary.attributes.set('type', 'text');
  // `feed` passes ids through `new URL()`, which may rewrite them; RSS and JSON keep them as given.
  setText(childElement(entry, 'id'), item.id);
  for (const content of childElements(entry, 'content')) setText(content, item.html);
  const links = [xmlElement('link', { rel: 'alternate', type: 'text/html', href: item.url })];
  // RFC 4685: where the entry is discussed; an HTML page, so not an Atom feed of replies.
  if (item.comments !== undefined) links.push(xmlElement('link', { rel: 'replies', type: 'text/html', href: item.comments }));
  replaceChildren(entry, 'link', links);
  // Built here, not by `feed`: it would put the term in an attribute with `<` unescaped.
  entry.children.push(...item.categories.map((term) => xmlElement('category', { term })));
  entry.children.push(...mediaThumbnail(item));
}
