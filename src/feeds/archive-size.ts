import type { FeedItem } from '../model.ts';

/**
 * Characters an escaping lengthens, by at most eight bytes each: `&` → `&#x26;`, `<`, `>`, quotes
 * and white space in attributes, `]]>` split out of CDATA, `\` and `"` in JSON, and RSS's summary,
 * escaped as text and then as XML (`&` → `&amp;amp;`).
 */
const LENGTHENED = /[&<>"'\]\\\t\n\r]/g;
const MOST_ADDED = 8;

/** The most bytes `text` takes escaped, in any format. */
function escapedBytes(text: string): number {
  return Buffer.byteLength(text) + MOST_ADDED * (text.match(LENGTHENED)?.length ?? 0);
}

/** An item's own markup in the most verbose format (Atom): element names, indentation, dates. */
const ITEM_MARKUP = 640;
/** The markup around each category, author, image and discussion link. */
const PART_MARKUP = { category: 48, author: 160, link: 96 } as const;

/**
 * The most bytes `item` takes in an archive document in any format: its title twice (its summary
 * when it has none), its URL twice (the link and a guid), and each other text once, escaped. A
 * bound, not a size: a page holds as many items as their bounds keep within the budget, known
 * without writing any.
 */
export function archiveItemBound(item: FeedItem): number {
  const title = escapedBytes(item.title);
  const parts = [
    ...item.categories.map((term) => escapedBytes(term) + PART_MARKUP.category),
    ...item.authors.map((person) => escapedBytes(person.name) + escapedBytes(person.email ?? '') + escapedBytes(person.url ?? '') + PART_MARKUP.author),
    ...[item.image, item.comments].map((url) => (url === undefined ? 0 : escapedBytes(url) + PART_MARKUP.link)),
  ];
  const summary = item.summary === '' ? title : escapedBytes(item.summary);
  return ITEM_MARKUP + 2 * title + summary + 2 * escapedBytes(item.url) + escapedBytes(item.id) + escapedBytes(item.html) + parts.reduce((sum, part) => sum + part, 0);
}

/** The document's own markup beyond the texts of its model (declarations, namespaces, links' attributes). */
const DOCUMENT_MARKUP = 4096;

/** The most bytes a document's own part takes, from the JSON of its model without items: each text at most twice. */
export function documentBound(json: string): number {
  return DOCUMENT_MARKUP + 2 * escapedBytes(json);
}
