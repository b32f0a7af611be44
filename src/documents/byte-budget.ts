/**
 * A document's size against a byte budget, from what rendering already knows: each item is
 * serialised once, and its share of the document is measured then, so finding how many items fit
 * needs no document to be written again and again.
 */
import type { FileText } from '../model.ts';
import type { CheckedDocument } from './check.ts';

/** A rendered document with the bytes each of its items takes in it, newest first. */
export interface MeasuredDocument extends CheckedDocument {
  /** Each item's UTF-8 bytes with what joins it to the document: removing the item removes as many. */
  itemBytes: readonly number[];
}

/** The UTF-8 size of `text` when it is over `maxBytes`; measured only when it could be (a UTF-16 code unit is at most 3 bytes). */
export function bytesOver(text: FileText, maxBytes: number): number | undefined {
  if (text.reduce((length, piece) => length + piece.length, 0) * 3 <= maxBytes) return undefined;
  const bytes = text.reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
  return bytes > maxBytes ? bytes : undefined;
}

/**
 * How many of the newest items fit in `maxBytes` with the document's own part (0 when not even
 * one does). That part is taken as it is with every item, which is the most it can be: fewer
 * items declare no more namespaces and have no newer `updated`.
 */
export function itemsWithin(bytes: number, itemBytes: readonly number[], maxBytes: number): number {
  let size = bytes - itemBytes.reduce((sum, item) => sum + item, 0);
  let count = 0;
  for (const item of itemBytes) {
    size += item;
    if (size > maxBytes) break;
    count++;
  }
  return count;
}
