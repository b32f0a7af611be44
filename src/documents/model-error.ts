/**
 * A model a format cannot carry: the message names the field at fault. It names no file because
 * one item is in many documents and its problem is the same in each; the documents are built
 * under their keys, which is where it becomes a DocumentError for each.
 */
export class ModelError extends Error {
  override name = 'ModelError';
}
