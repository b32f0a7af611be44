/**
 * Each feed's three documents from its model. Pure: returns files and errors, writes nothing, so
 * the same builder serves the main feed and every tag and category feed; what is made of an item
 * is made once per builder, however many feeds hold it.
 */
import { DocumentError } from '../errors.ts';
import type { FeedDocument, FeedFiles, FeedFormat, OutputFile, OutputKind } from '../model.ts';
import { ATOM } from './atom.ts';
import { bytesOver, itemsWithin, type MeasuredDocument } from './byte-budget.ts';
import { STYLED_XML_CONTENT_TYPE } from './feed-stylesheet.ts';
import { FORMAT_MEDIA_TYPES } from './formats.ts';
import { jsonRenderer } from './json-document.ts';
import { ModelError } from './model-error.ts';
import { oncePerItem } from './once-per-item.ts';
import { prepareItem } from './prepare.ts';
import { RSS } from './rss.ts';
import { xmlRenderer } from './xml-document.ts';

interface DocumentFormat {
  format: FeedFormat;
  render: (doc: FeedDocument) => MeasuredDocument;
}

/** A document larger than the budget: its size, and how many of its newest items would fit (0 when not even one). */
export interface OversizedDocument {
  key: string;
  bytes: number;
  fitting: number;
}

export interface BuiltDocuments {
  files: OutputFile[];
  /** One per document that could not be rendered or failed its check; it is not in `files`. */
  errors: DocumentError[];
  /** The files of `files` larger than `maxBytes`. */
  oversized: OversizedDocument[];
}

/**
 * Builds the three documents of a model under the keys `files` names; every document is checked
 * before it is returned, and measured against `maxBytes` (none: no budget).
 */
export type DocumentBuilder = (doc: FeedDocument, files: FeedFiles, maxBytes?: number) => BuiltDocuments;

/**
 * A builder for one run. It remembers each item's preparation and its text in each format by the
 * item object, so the pipeline's items (one object per post) are prepared and written once.
 */
export function createDocumentBuilder(): DocumentBuilder {
  const prepare = oncePerItem(prepareItem);
  const formats: readonly DocumentFormat[] = [
    { format: 'rss', render: xmlRenderer(RSS, prepare) },
    { format: 'atom', render: xmlRenderer(ATOM, prepare) },
    { format: 'json', render: jsonRenderer(prepare) },
  ];
  return (doc, files, maxBytes = Infinity) => {
    const built: BuiltDocuments = { files: [], errors: [], oversized: [] };
    for (const format of formats) {
      const outcome = buildDocument(format, doc, files[format.format]);
      if (outcome instanceof DocumentError) {
        built.errors.push(outcome);
        continue;
      }
      built.files.push(outcome.file);
      const bytes = bytesOver(outcome.file.body, maxBytes);
      if (bytes !== undefined) built.oversized.push({ key: outcome.file.key, bytes, fitting: itemsWithin(bytes, outcome.itemBytes, maxBytes) });
    }
    return built;
  };
}

function buildDocument(format: DocumentFormat, doc: FeedDocument, key: string): { file: OutputFile; itemBytes: readonly number[] } | DocumentError {
  let rendered: MeasuredDocument;
  try {
    rendered = format.render(doc);
  } catch (error) {
    // Anything, not only a ModelError: one feed that cannot be rendered must not cost the others.
    if (error instanceof ModelError) return new DocumentError(error.message, key);
    return new DocumentError(`it could not be rendered: ${error instanceof Error ? error.message : String(error)}`, key);
  }
  const { body, problem, itemBytes } = rendered;
  if (problem !== undefined) return new DocumentError(`the generated document failed its check: ${problem}`, key);
  return { file: { key, kind: kindOf(doc), contentType: contentTypeOf(format.format, doc), body }, itemBytes };
}

/** An archive is kept for good by caches (named for its content); a subscription feed for minutes. */
function kindOf(doc: FeedDocument): OutputKind {
  return doc.history?.kind === 'archive' ? 'archive' : 'feed';
}

/** RSS and Atom that name the stylesheet are served as XML: browsers style nothing else. Readers go by the bytes. */
function contentTypeOf(format: FeedFormat, doc: FeedDocument): string {
  return doc.stylesheet !== undefined && format !== 'json' ? STYLED_XML_CONTENT_TYPE : `${FORMAT_MEDIA_TYPES[format]}; charset=utf-8`;
}
