/**
 * Each feed's three documents from its model. Pure: returns files and errors, writes nothing, so
 * the same builder serves the main feed and every tag and category feed; what is made of an item
 * is made once per builder, however many feeds hold it.
 */
import { DocumentError } from '../errors.ts';
import type { FeedFiles } from '../feeds/feed-files.ts';
import type { FeedDocument, FeedFormat, OutputFile } from '../model.ts';
import { ATOM } from './atom.ts';
import type { CheckedDocument } from './check.ts';
import { FORMAT_MEDIA_TYPES } from './formats.ts';
import { jsonRenderer } from './json-document.ts';
import { ModelError } from './model-error.ts';
import { oncePerItem } from './once-per-item.ts';
import { prepareItem } from './prepare.ts';
import { RSS } from './rss.ts';
import { xmlRenderer } from './xml-document.ts';

interface DocumentFormat {
  format: FeedFormat;
  render: (doc: FeedDocument) => CheckedDocument;
}

export interface BuiltDocuments {
  files: OutputFile[];
  /** One per document that could not be rendered or failed its check; it is not in `files`. */
  errors: DocumentError[];
}

/** Builds the three documents of a model under the keys `files` names; every document is checked before it is returned. */
export type DocumentBuilder = (doc: FeedDocument, files: FeedFiles) => BuiltDocuments;

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
  return (doc, files) => {
    const built: BuiltDocuments = { files: [], errors: [] };
    for (const format of formats) {
      const outcome = buildDocument(format, doc, files[format.format]);
      if (outcome instanceof DocumentError) built.errors.push(outcome);
      else built.files.push(outcome);
    }
    return built;
  };
}

function buildDocument(format: DocumentFormat, doc: FeedDocument, key: string): OutputFile | DocumentError {
  let rendered: CheckedDocument;
  try {
    rendered = format.render(doc);
  } catch (error) {
    // Anything, not only a ModelError: one feed that cannot be rendered must not cost the others.
    if (error instanceof ModelError) return new DocumentError(error.message, key);
    return new DocumentError(`it could not be rendered: ${error instanceof Error ? error.message : String(error)}`, key);
  }
  const { body, problem } = rendered;
  if (problem !== undefined) return new DocumentError(`the generated document failed its check: ${problem}`, key);
  return { key, kind: 'feed', contentType: `${FORMAT_MEDIA_TYPES[format.format]}; charset=utf-8`, body };
}
