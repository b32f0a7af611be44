/**
 * The last gate before a document is written: cheap structural checks, not schema validation
 * (the schemas are applied in the tests). Each returns a problem to report, or `undefined`.
 */
import { SaxesParser } from 'saxes';
import type { FileText } from '../model.ts';
import { JSON_FEED_VERSION } from './jsonfeed.ts';
import { escapeXmlAttribute } from './xml-text.ts';

/** A document and what its check found wrong with it, if anything. */
export interface CheckedDocument {
  body: FileText;
  problem: string | undefined;
}

/**
 * `body`, made of pieces whose checks found `problems`, each piece checked once however many
 * documents hold it. The caller answers for it that `body` passes `checkWhole` when every piece
 * passes its own check. When one does not, the whole is checked after all: it has the final say,
 * and its problem reads (position and all) as it always has.
 */
export function checkedPieces(
  body: FileText,
  problems: readonly (string | undefined)[],
  checkWhole: (text: string) => string | undefined,
): CheckedDocument {
  return { body, problem: problems.every((problem) => problem === undefined) ? undefined : checkWhole(body.join('')) };
}

/** Well-formed XML 1.0 whose every prefix is declared; the first problem found, if any. */
export function checkXml(text: string): string | undefined {
  return xmlProblem([text]);
}

/**
 * `checkXml` for an element that goes into documents as text: inside a root element that declares
 * `namespaces` (prefix → URI), as the documents' roots declare those of them they use.
 */
export function checkXmlElement(element: string, namespaces: Readonly<Record<string, string>>): string | undefined {
  return xmlProblem([declaringRoot(namespaces), element, '</fragment>']);
}

/**
 * `checkXmlElement` of each of `elements`: all in one pass of the parser, which finds nothing wrong
 * with any of them in all but a broken run, and one by one only where that pass finds something,
 * for each element's own problem.
 */
export function checkXmlElements(elements: readonly string[], namespaces: Readonly<Record<string, string>>): (string | undefined)[] {
  if (elements.length > 1 && eachWellFormed(elements, namespaces)) return elements.map(() => undefined);
  return elements.map((element) => checkXmlElement(element, namespaces));
}

function declaringRoot(namespaces: Readonly<Record<string, string>>): string {
  return `<fragment${Object.entries(namespaces).map(([prefix, uri]) => ` xmlns:${prefix}="${escapeXmlAttribute(uri)}"`).join('')}>`;
}

/** Written after each element of a pass: read as an element of its own only where the one before left nothing open. */
const ELEMENT_END = '<feedbucket-element-end/>';

const { xmlProblem, eachWellFormed } = wellFormedness();

/**
 * One parser for every check: closing a saxes parser resets it to a fresh one's state, and making
 * one costs as much as checking an item (each archived post is checked in two XML formats).
 */
function wellFormedness(): {
  /** The first problem of the document given in pieces (so that a large element is not copied to be checked). */
  xmlProblem: (pieces: readonly string[]) => string | undefined;
  /** Whether each of the elements would pass `checkXmlElement` on its own. */
  eachWellFormed: (elements: readonly string[], namespaces: Readonly<Record<string, string>>) => boolean;
} {
  let parser: SaxesParser | undefined;
  let problem: string | undefined;
  /** How deep the parser is (the root's children are at 2), and how many children of the root it has opened. */
  let depth = 0;
  let opened = 0;
  const made = () => {
    const fresh = new SaxesParser({ xmlns: true });
    fresh.on('error', (error) => {
      problem ??= error.message;
    });
    fresh.on('opentag', () => {
      if (depth++ === 1) opened++;
    });
    fresh.on('closetag', () => {
      depth--;
    });
    return fresh;
  };
  /** The first problem of what `write` writes, read as one document. */
  const read = (write: (reading: SaxesParser) => void): string | undefined => {
    parser ??= made();
    problem = undefined;
    depth = 0;
    try {
      write(parser);
      parser.close();
    } catch (error) {
      // Not a well-formedness problem (those go to the handler) but saxes's own failure: halfway
      // through a document, it is no fresh parser for the next check.
      parser = undefined;
      throw error;
    }
    return problem;
  };
  return {
    xmlProblem: (pieces) => {
      const found = read((reading) => pieces.forEach((piece) => reading.write(piece)));
      return found === undefined ? undefined : `not well-formed XML: ${found}`;
    },
    /**
     * In one pass, each element followed by `ELEMENT_END`, which must be read as one child of the
     * root: so the element before it left nothing open (an element, a tag, a comment, a CDATA
     * section, a reference) and did not close the root. Each element is then read from where a
     * root of its own would start it, in the same namespaces, to where that root could close: a
     * pass without a problem says that each of them, alone, is well-formed.
     */
    eachWellFormed: (elements, namespaces) => {
      let leftOpen = false;
      try {
        const found = read((reading) => {
          reading.write(declaringRoot(namespaces));
          for (const element of elements) {
            reading.write(element);
            opened = 0;
            reading.write(ELEMENT_END);
            leftOpen = opened !== 1 || depth !== 1;
            if (leftOpen || problem !== undefined) return;
          }
          reading.write('</fragment>');
        });
        return found === undefined && !leftOpen;
      } catch {
        // The elements are checked one by one, where saxes's failure is reported as it always was.
        return false;
      }
    },
  };
}

const REQUIRED_ITEM_STRINGS = ['id', 'url', 'title'] as const;

/** A JSON Feed 1.1 as we write it: the version, a title, and items with what readers need. */
export function checkJsonFeed(text: string): string | undefined {
  return jsonProblem(text, feedProblem);
}

/** One item of `checkJsonFeed`'s feeds, given apart (its problem not prefixed with its place). */
export function checkJsonFeedItem(text: string): string | undefined {
  return jsonProblem(text, itemProblem);
}

function jsonProblem(text: string, problem: (value: unknown) => string | undefined): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  return problem(value);
}

function feedProblem(feed: unknown): string | undefined {
  if (!isRecord(feed)) return 'the top level is not an object';
  if (feed.version !== JSON_FEED_VERSION) return `version is ${JSON.stringify(feed.version)}, not "${JSON_FEED_VERSION}"`;
  if (!isNonEmptyString(feed.title)) return 'title is missing or empty';
  if ('author' in feed) return 'it has the deprecated "author"; JSON Feed 1.1 uses "authors"';
  if (!Array.isArray(feed.items)) return 'items is not an array';
  for (const [index, item] of feed.items.entries()) {
    const problem = itemProblem(item);
    if (problem !== undefined) return `items[${index}]: ${problem}`;
  }
  return undefined;
}

function itemProblem(item: unknown): string | undefined {
  if (!isRecord(item)) return 'not an object';
  const missing = REQUIRED_ITEM_STRINGS.find((name) => !isNonEmptyString(item[name]));
  if (missing !== undefined) return `${missing} is missing or empty`;
  // A link post with no body is fine: empty HTML is still content, and JSON Feed needs the key.
  return typeof item.content_html === 'string' ? undefined : 'content_html is missing';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
