/**
 * RSS 2.0. `feed` writes the channel and items; we then add what it cannot write (alternate
 * links, `dc:creator`). Authors are `dc:creator` names because an RSS `<author>` must be an
 * e-mail address. An archive's items are built as `feed` writes them (`itemElement`).
 */
import type { FeedOptions, Item } from 'feed';
import type { FeedDocument, FeedItem } from '../model.ts';
import { FEED_HISTORY_NAMESPACE, GENERATOR, HTML_STAND_IN, MEDIA_RSS_NAMESPACE, formatLinks, historyLinks, historyMarkers, hubLinks, linkAttributes, mediaThumbnail } from './formats.ts';
import type { XmlFeedFormat } from './xml-format.ts';
import { escapeXmlText, feedCdata, feedText, xmlCharacterData, xmlPlainText } from './xml-text.ts';
import { childElement, childElements, replaceChildren, setText, textElement, xmlElement } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

/** The item elements that carry HTML (an item's elements do not nest: the name is enough); every other RSS element is plain text. */
const HTML_ITEM_ELEMENTS = new Set(['description', 'content:encoded']);

export const RSS: XmlFeedFormat = {
  writer: 'rss2',
  namespaces: {
    atom: 'http://www.w3.org/2005/Atom',
    content: 'http://purl.org/rss/1.0/modules/content/',
    dc: 'http://purl.org/dc/elements/1.1/',
    fh: FEED_HISTORY_NAMESPACE,
    media: MEDIA_RSS_NAMESPACE,
  },
  items: { name: 'item', depth: 2 },
  feedOptions: channelOptions,
  feedItem: rssItem,
  completeDocument: (rss, model) => completeChannel(childElement(rss, 'channel'), model),
  completeItem,
  itemElement,
  // Outside the items, everything is plain text: the channel description too.
  skeletonText: xmlPlainText,
  itemText,
};

/**
 * HTML (CDATA where it has markup, else escaped) for an item's HTML elements; plain text, with
 * `&` and `<` as hexadecimal references, everywhere else, as the RSS Best Practices Profile asks.
 */
function itemText(text: string, element: XmlElement): string {
  return HTML_ITEM_ELEMENTS.has(element.name) ? xmlCharacterData(text) : xmlPlainText(text);
}

function channelOptions(model: FeedDocument): FeedOptions {
  return {
    title: feedText(model.title),
    // RSS requires a channel description; the title is the honest fallback.
    description: feedText(model.description || model.title),
    link: model.homePageUrl,
    language: feedText(model.language),
    // `feed` would write the clock as lastBuildDate; the newest update keeps the bytes stable.
    updated: new Date(model.updated),
    generator: GENERATOR,
    feedLinks: { rss: model.links.rss },
  };
}

function rssItem(item: FeedItem): Item {
  return {
    title: feedCdata(item.title),
    link: item.url,
    // Without a guid `feed` uses the link with isPermaLink="true"; with one, isPermaLink="false".
    guid: item.id === item.url ? undefined : feedText(item.id),
    date: new Date(item.updated),
    published: new Date(item.published),
    // Readers render an RSS description as HTML; the summary is text, so it is escaped as such.
    description: item.summary === '' ? undefined : feedCdata(escapeXmlText(item.summary)),
    content: item.html === '' ? undefined : HTML_STAND_IN,
    category: item.categories.map((name) => ({ name: feedText(name) })),
  };
}

/** What `feed` writes of `rssItem(item)`, completed: the same element, built without it. */
function itemElement(item: FeedItem): XmlElement {
  const guid = item.id === item.url ? textElement('guid', item.url, { isPermaLink: 'true' }) : textElement('guid', item.id, { isPermaLink: 'false' });
  const entry = xmlElement('item', {}, [
    textElement('title', item.title),
    textElement('link', item.url),
    guid,
    textElement('pubDate', new Date(item.published).toUTCString()),
    ...(item.summary === '' ? [] : [textElement('description', escapeXmlText(item.summary))]),
    ...(item.html === '' ? [] : [textElement('content:encoded', item.html)]),
    ...item.categories.map((name) => textElement('category', name)),
  ]);
  completeItem(entry, item);
  return entry;
}

function completeChannel(channel: XmlElement, model: FeedDocument): void {
  const links = [...formatLinks(model.links, 'rss'), ...historyLinks(model, 'rss')].map((link) => xmlElement('atom:link', linkAttributes(link)));
  replaceChildren(channel, 'atom:link', [...links, ...hubLinks(model, 'atom:link')]);
  channel.children.push(...historyMarkers(model));
}

function completeItem(item: XmlElement, source: FeedItem): void {
  for (const content of childElements(item, 'content:encoded')) setText(content, source.html);
  const names = source.authors.map((person) => person.name).filter((name) => name !== '');
  item.children.push(...names.map((name) => textElement('dc:creator', name)));
  if (source.comments !== undefined) item.children.push(textElement('comments', source.comments));
  item.children.push(...mediaThumbnail(source));
}
