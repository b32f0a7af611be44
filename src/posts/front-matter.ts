import matter from 'gray-matter';
import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from './diagnostic.ts';
import { BlockError, lineAt, type FrontMatterField, type ParsedBlock } from './front-matter-block.ts';
import { parseTomlBlock } from './toml-block.ts';
import { parseYamlBlock } from './yaml-block.ts';

export type { FrontMatterField } from './front-matter-block.ts';

export type FrontMatterFormat = 'yaml' | 'toml';

export interface FrontMatter {
  format: FrontMatterFormat;
  /** By lower-cased key; a later key wins over an earlier one that differs only in case. */
  fields: ReadonlyMap<string, FrontMatterField>;
  /** The Markdown after the closing fence, with LF line endings. */
  body: string;
  /** File line of the body's first line. */
  bodyLine: number;
  warnings: Diagnostic[];
}

export type FrontMatterOutcome =
  | { ok: true; frontMatter: FrontMatter }
  | { ok: false; error: Diagnostic; warnings: Diagnostic[] };

const FENCES = {
  '---': { format: 'yaml', close: /^---[ \t]*$/gm, stray: /^---/m },
  '+++': { format: 'toml', close: /^\+\+\+[ \t]*$/gm, stray: /^\+\+\+/m },
} as const;

type Fence = keyof typeof FENCES;

// Unreachable while the opening fence must stand alone (gray-matter then never sees a language
// name); kept so that relaxing that rule can never let gray-matter `eval` a post.
const refuseEngine = (): never => {
  throw new BlockError('front matter must be YAML (--- fences) or TOML (+++ fences)');
};

// Options on every call keep gray-matter from caching each text it sees (it caches only
// option-less calls); its default engines (js-yaml 3 that refuses repeated keys and builds
// Dates, and `eval` for JavaScript) are replaced by ours.
const GRAY_MATTER_OPTIONS = {
  '---': { language: 'yaml', delimiters: '---', engines: { yaml: fromFenceLine(parseYamlBlock), javascript: refuseEngine, json: refuseEngine } },
  '+++': { language: 'toml', delimiters: '+++', engines: { toml: fromFenceLine(parseTomlBlock), javascript: refuseEngine, json: refuseEngine } },
} as const;

/** gray-matter hands an engine the text from the end of the fence: our blocks start on the next line. */
function fromFenceLine(parse: (block: string) => ParsedBlock): (text: string) => ParsedBlock {
  return (text) => parse(text.startsWith('\n') ? text.slice(1) : text);
}

const EMPTY_BLOCK: ParsedBlock = { fields: [], duplicates: [] };

const OPENING_FENCE = /(---|\+\+\+)[ \t]*(?:\n|$)/y;
const LEADING_BLANK_LINES = /^(?:[ \t]*\n)*/;
const LEADING_BOMS = /^\uFEFF+/;

/**
 * Splits a post into front matter and body and parses the front matter. Lines in diagnostics
 * are file lines: blank lines before the opening fence count.
 */
export function readFrontMatter(key: string, text: string): FrontMatterOutcome {
  const normalised = normaliseText(text);
  const start = LEADING_BLANK_LINES.exec(normalised)?.[0].length ?? 0;
  const fenceLine = lineAt(normalised, start);
  OPENING_FENCE.lastIndex = start;
  const fence = OPENING_FENCE.exec(normalised)?.[1] as Fence | undefined;
  if (fence === undefined) return fail(key, fenceLine, noFrontMatterReason(normalised, start));

  const openEnd = normalised.indexOf('\n', start);
  const closeStart = openEnd === -1 ? -1 : findClosingFence(fence, normalised, openEnd + 1);
  if (closeStart === -1) {
    return fail(key, fenceLine, `front matter is never closed; add a ${fence} line after it`);
  }
  const closeEnd = normalised.indexOf('\n', closeStart);
  const block = normalised.slice(openEnd + 1, closeStart);
  const body = closeEnd === -1 ? '' : normalised.slice(closeEnd + 1);

  let parsed: ParsedBlock;
  try {
    parsed = parseBlock(fence, block);
  } catch (error) {
    if (!(error instanceof BlockError)) throw error;
    return fail(key, error.line === undefined ? undefined : error.line + fenceLine, error.message);
  }
  const bodyLine = fenceLine + lineAt(normalised.slice(start, closeStart), closeStart - start);
  return { ok: true, frontMatter: { ...toFrontMatter(key, FENCES[fence].format, parsed, fenceLine, body), bodyLine } };
}

/**
 * CRLF and lone CR become LF (as CommonMark reads them); BOMs are dropped. The decoder drops one
 * already; an editor or a tool that prepends its own to a file that had one leaves more, which no
 * editor shows: the file still looks as if it began with its fence.
 */
function normaliseText(text: string): string {
  const unBommed = text.charCodeAt(0) === 0xfeff ? text.replace(LEADING_BOMS, '') : text;
  return unBommed.includes('\r') ? unBommed.replace(/\r\n?/g, '\n') : unBommed;
}

function findClosingFence(fence: Fence, text: string, from: number): number {
  const close = FENCES[fence].close;
  close.lastIndex = from;
  return close.exec(text)?.index ?? -1;
}

/** `block`: the lines between the fences. */
function parseBlock(fence: Fence, block: string): ParsedBlock {
  // A line that starts like the fence without being one (`---x`, `----`) is a mistyped
  // closing fence far more often than YAML or TOML content.
  const stray = FENCES[fence].stray.exec(block);
  if (stray !== null) {
    throw new BlockError(
      `"${fence}" starts a line inside the front matter; the closing fence must be ${fence} alone on its line`,
      lineAt(block, stray.index),
    );
  }
  // gray-matter gets the header only: it copies its whole input into a Buffer, and the body is not its business.
  const file = matter(`${fence}\n${block}${fence}\n`, GRAY_MATTER_OPTIONS[fence]);
  // It skips the engine for a block that is empty or only comments.
  return isParsedBlock(file.data) ? file.data : EMPTY_BLOCK;
}

function isParsedBlock(data: unknown): data is ParsedBlock {
  return typeof data === 'object' && data !== null && Array.isArray((data as Partial<ParsedBlock>).fields);
}

/** `fenceLine`: the file line of the opening fence, to which block lines are relative. */
function toFrontMatter(
  key: string,
  format: FrontMatterFormat,
  block: ParsedBlock,
  fenceLine: number,
  body: string,
): Omit<FrontMatter, 'bodyLine'> {
  const fields = new Map<string, FrontMatterField>();
  for (const field of block.fields) {
    fields.set(field.name.toLowerCase(), field.line === undefined ? field : { ...field, line: field.line + fenceLine });
  }
  const warnings = block.duplicates.map((dup) => {
    const first = dup.firstLine === undefined ? '' : ` (first at line ${dup.firstLine + fenceLine})`;
    return postDiagnostic(
      key,
      dup.line + fenceLine,
      `duplicate key "${dup.name}"${first}; the last value is used, remove the other one`,
    );
  });
  return { format, fields, body, warnings };
}

function fail(key: string, line: number | undefined, reason: string): FrontMatterOutcome {
  return { ok: false, error: postDiagnostic(key, line, reason), warnings: [] };
}

function noFrontMatterReason(text: string, start: number): string {
  const lineEnd = text.indexOf('\n', start);
  const firstLine = text.slice(start, lineEnd === -1 ? text.length : lineEnd);
  if (/^(?:---|\+\+\+)\S/.test(firstLine)) {
    return `the first line "${firstLine.slice(0, 20)}" is not a front matter fence; write --- (YAML) or +++ (TOML) alone on it`;
  }
  return 'has no front matter; start the file with a --- line, then title: and date:, then a --- line';
}
