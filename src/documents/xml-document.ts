/**
 * RSS and Atom documents, each item written once per run: `feed` writes each document with only
 * those of its items that no earlier document held; they are taken out of the tree read back,
 * completed, serialised and checked once, and added as text to each document that holds them.
 * The rest of the tree (the skeleton) is completed, serialised and checked per document. An
 * archive document's items are built as `feed` would write them (`itemElement`), not by it.
 */
import { Feed } from 'feed';
import type { FeedDocument, FeedItem } from '../model.ts';
import type { MeasuredDocument } from './byte-budget.ts';
import { checkXml, checkXmlElements, checkedPieces } from './check.ts';
import { prepareDocument } from './prepare.ts';
import type { XmlFeedFormat } from './xml-format.ts';
import {
  appendSerializedChildren,
  declareNamespaces,
  lastElementAt,
  pairChildren,
  parseXml,
  replaceChildren,
  serializeElement,
  serializeXml,
  usedPrefixes,
} from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

/** One item's element as text, as every document holding the item has it. */
interface ItemText {
  text: string;
  /** The prefixes it uses, which a document holding it must declare. */
  prefixes: ReadonlySet<string>;
  /** Its UTF-8 bytes and the line break before it: what it adds to a document. */
  bytes: number;
}

interface ItemElement extends ItemText {
  /** What its check found wrong with it, if anything. */
  problem: string | undefined;
}

/**
 * Renders `format`'s documents, taking items through `prepare` (which remembers, for all formats)
 * and remembering each prepared item's element. Throws a ModelError for a model the format cannot
 * carry, and anything else for a document that could not be written.
 */
export function xmlRenderer(format: XmlFeedFormat, prepare: (item: FeedItem) => FeedItem): (doc: FeedDocument) => MeasuredDocument {
  const written = new Map<FeedItem, ItemElement>();
  return (doc) => {
    const model = prepareDocument(doc, prepare);
    format.assertCarries?.(model);
    // Should `feed` or reading its output back fail, none of these is remembered: each later
    // document holding the item at fault fails the same way, as when each wrote all its items.
    const fresh = model.items.filter((item) => !written.has(item));
    const archive = model.history?.kind === 'archive';
    const { root, items: elements } = writeWithFeed(format, model, archive ? [] : fresh);
    // An archive's items one at a time, so that each element's tree is gone before the next is built.
    const made: [FeedItem, ItemText][] = archive
      ? fresh.map((item) => [item, serializedItem(format, format.itemElement(item))])
      : elements.map(([element, item]) => [item, serializedItem(format, element)]);
    const problems = checkXmlElements(made.map(([, element]) => element.text), format.namespaces);
    made.forEach(([item, text], index) => written.set(item, { ...text, problem: problems[index] }));
    const items = model.items.map((item) => written.get(item) as ItemElement);
    declareNamespaces(root, format.namespaces, items.flatMap((item) => [...item.prefixes]));
    const skeleton = serializeXml(root, format.skeletonText, model.stylesheet);
    const body = appendSerializedChildren(skeleton, root, format.items.depth, items.map((item) => item.text));
    // Each item's element is checked inside a root declaring every prefix the format knows, and
    // `body` declares, with the same URI, each one its items use: elements well-formed in that
    // scope, added among the element children of an element of a well-formed document, leave it
    // well-formed with every prefix declared.
    const checked = checkedPieces(body, [checkXml(skeleton), ...items.map((item) => item.problem)], checkXml);
    return { ...checked, itemBytes: items.map((item) => item.bytes) };
  };
}

/**
 * `model`'s document as `feed` writes it with `items` for its items, read back and completed, and
 * the items' elements (each completed, with its item) taken out of it.
 */
function writeWithFeed(
  format: XmlFeedFormat,
  model: FeedDocument,
  items: readonly FeedItem[],
): { root: XmlElement; items: [XmlElement, FeedItem][] } {
  const feed = new Feed(format.feedOptions(model));
  for (const item of items) feed.addItem(format.feedItem(item));
  const root = parseXml(feed[format.writer]());
  format.completeDocument(root, model);
  const parent = lastElementAt(root, format.items.depth - 1);
  const elements = pairChildren(parent, format.items.name, items);
  for (const [element, item] of elements) format.completeItem(element, item);
  replaceChildren(parent, format.items.name, []);
  return { root, items: elements };
}

function serializedItem(format: XmlFeedFormat, element: XmlElement): ItemText {
  const text = serializeElement(element, format.items.depth, format.itemText);
  return { text, prefixes: usedPrefixes(element), bytes: Buffer.byteLength(text) + 1 };
}
