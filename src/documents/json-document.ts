/**
 * JSON Feed documents, each item written once per run: the feed without its items is written and
 * checked per document, each item's JSON once however many documents hold it, and added to each
 * of them as text. Same bytes as `JSON.stringify` of the whole feed.
 */
import type { FeedDocument, FeedItem, FileText } from '../model.ts';
import type { MeasuredDocument } from './byte-budget.ts';
import { checkJsonFeed, checkJsonFeedItem, checkedPieces } from './check.ts';
import { jsonFeedHead, jsonFeedItem } from './jsonfeed.ts';
import { oncePerItem } from './once-per-item.ts';
import { prepareDocument } from './prepare.ts';

const INDENT = 2;
/** How `JSON.stringify` ends a feed whose `items`, its last property, is empty. */
const NO_ITEMS = '"items": []\n}';

/** Renders JSON Feeds, taking items through `prepare`. Throws a ModelError for a model the format cannot carry. */
export function jsonRenderer(prepare: (item: FeedItem) => FeedItem): (doc: FeedDocument) => MeasuredDocument {
  const itemJson = oncePerItem((item) => {
    const text = itemText(item);
    // With the `,\n` that joins it to the next item: a document has one join fewer than items
    // whatever their count, so sizes worked out from these are exact.
    return { text, problem: checkJsonFeedItem(text), bytes: Buffer.byteLength(text) + 2 };
  });
  return (doc) => {
    const model = prepareDocument(doc, prepare);
    const head = JSON.stringify(jsonFeedHead(model), null, INDENT);
    const items = model.items.map(itemJson);
    const body = [...withItems(head, items.map((item) => item.text)), '\n'];
    // Valid JSON values in an array of a valid document leave it valid; the feed's checks are the
    // head's (which passes an empty `items`) and each item's, wherever it is.
    const checked = checkedPieces(body, [checkJsonFeed(head), ...items.map((item) => item.problem)], checkJsonFeed);
    return { ...checked, itemBytes: items.map((item) => item.bytes) };
  };
}

/**
 * The item as `JSON.stringify` writes it as an element of `items`: four spaces deeper, which is
 * exact because the only line breaks it writes are its own (it escapes those in strings).
 */
function itemText(item: FeedItem): string {
  return `    ${JSON.stringify(jsonFeedItem(item), null, INDENT).replaceAll('\n', '\n    ')}`;
}

/** `head` with `items` for its empty `items`, as `JSON.stringify` writes a non-empty array there; in pieces, so the items are not copied. */
function withItems(head: string, items: readonly string[]): FileText {
  if (items.length === 0) return [head];
  if (!head.endsWith(NO_ITEMS)) throw new Error('the JSON Feed does not end with its items');
  return [`${head.slice(0, -NO_ITEMS.length)}"items": [\n`, ...items.flatMap((item, index) => (index === 0 ? [item] : [',\n', item])), '\n  ]\n}'];
}
