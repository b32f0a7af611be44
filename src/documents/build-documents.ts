/**
 * One feed's three documents from one model. Pure: returns files and errors, writes nothing, so
 * the same function serves the main feed and every tag and category feed.
 */
import { DocumentError } from '../errors.ts';
import type { FeedFiles } from '../feeds/feed-files.ts';
import type { FeedDocument, FeedFormat, OutputFile } from '../model.ts';
import { renderAtom } from './atom.ts';
import { checkJsonFeed, checkXml } from './check.ts';
import { FORMAT_MEDIA_TYPES } from './formats.ts';
import { renderJsonFeed } from './jsonfeed.ts';
import { renderRss } from './rss.ts';

interface DocumentFormat {
  format: FeedFormat;
  render: (doc: FeedDocument) => string;
  check: (text: string) => string | undefined;
}

const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  { format: 'rss', render: renderRss, check: checkXml },
  { format: 'atom', render: renderAtom, check: checkXml },
  { format: 'json', render: renderJsonFeed, check: checkJsonFeed },
];

export interface BuiltDocuments {
  files: OutputFile[];
  /** One per document that could not be rendered or failed its check; it is not in `files`. */
  errors: DocumentError[];
}

/** The three documents of `doc`, under the keys `files` names. Every document is checked again before it is returned. */
export function buildDocuments(doc: FeedDocument, files: FeedFiles): BuiltDocuments {
  const built: BuiltDocuments = { files: [], errors: [] };
  for (const format of DOCUMENT_FORMATS) {
    const outcome = buildDocument(format, doc, files[format.format]);
    if (outcome instanceof DocumentError) built.errors.push(outcome);
    else built.files.push(outcome);
  }
  return built;
}

function buildDocument(format: DocumentFormat, doc: FeedDocument, key: string): OutputFile | DocumentError {
  let body: string;
  try {
    body = format.render(doc);
  } catch (error) {
    // Anything, not only a DocumentError: one feed that cannot be rendered must not cost the others.
    if (error instanceof DocumentError) return new DocumentError(error.message, key);
    return new DocumentError(`it could not be rendered: ${error instanceof Error ? error.message : String(error)}`, key);
  }
  const problem = format.check(body);
  if (problem !== undefined) return new DocumentError(`the generated document failed its check: ${problem}`, key);
  return { key, contentType: `${FORMAT_MEDIA_TYPES[format.format]}; charset=utf-8`, body };
}
