import matter from 'gray-matter';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
  type YAMLMap,
} from 'yaml';
import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from './diagnostic.ts';

export type FrontMatterFormat = 'yaml' | 'toml';

/** One top-level front-matter key. */
export interface FrontMatterField {
  /** The key as the author wrote it (`PublishDate`). */
  name: string;
  /** Plain data: strings, numbers, booleans, null, arrays, objects. Dates stay text. */
  value: unknown;
  /** 1-based line in the file, when known. */
  line?: number;
  /** The source text of a non-string YAML scalar (`1.10`, `True`), for values read as text. */
  raw?: string;
}

export interface FrontMatter {
  format: FrontMatterFormat;
  /** By lower-cased key; a later key wins over an earlier one that differs only in case. */
  fields: ReadonlyMap<string, FrontMatterField>;
  /** The Markdown after the closing fence, with LF line endings. */
  body: string;
  warnings: Diagnostic[];
}

export type FrontMatterOutcome =
  | { ok: true; frontMatter: FrontMatter }
  | { ok: false; error: Diagnostic; warnings: Diagnostic[] };

/** Hand-written front matter never needs many; more means a generated or hostile file. */
const MAX_YAML_ALIASES = 100;

/** Thrown by the engines; `line` is relative to the block gray-matter hands them. */
class BlockError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** A field as an engine reads it: its line is still relative to the block. */
type ParsedField = FrontMatterField;

interface DuplicateKey {
  name: string;
  line: number;
  firstLine?: number;
}

/** What an engine returns to gray-matter, which stores it as `file.data` untouched. */
class ParsedBlock {
  constructor(
    readonly fields: ParsedField[],
    readonly duplicates: DuplicateKey[],
  ) {}
}

const FENCES = {
  '---': { format: 'yaml', close: /^---[ \t]*$/gm },
  '+++': { format: 'toml', close: /^\+\+\+[ \t]*$/gm },
} as const;

type Fence = keyof typeof FENCES;

const OPENING_FENCE = /(---|\+\+\+)[ \t]*(?:\n|$)/y;
const LEADING_BLANK_LINES = /^(?:[ \t]*\n)*/;

// Unreachable while the opening fence must stand alone (gray-matter then never sees a language
// name); kept so that relaxing that rule can never let gray-matter `eval` a post.
const refuseEngine = (): never => {
  throw new BlockError('front matter must be YAML (--- fences) or TOML (+++ fences)');
};

// Passing options on every call keeps gray-matter from caching each text it sees (it only
// caches option-less calls). Its default engines include `eval` for JavaScript: replaced.
const GRAY_MATTER_OPTIONS = {
  '---': {
    language: 'yaml',
    delimiters: '---',
    engines: { yaml: parseYamlBlock, javascript: refuseEngine, json: refuseEngine },
  },
  '+++': {
    language: 'toml',
    delimiters: '+++',
    engines: { toml: parseTomlBlock, javascript: refuseEngine, json: refuseEngine },
  },
} as const;

/**
 * Splits a post into front matter and body and parses the front matter. Lines in diagnostics
 * are file lines: blank lines before the opening fence count.
 */
export function readFrontMatter(key: string, text: string): FrontMatterOutcome {
  const normalised = normaliseText(text);
  const start = LEADING_BLANK_LINES.exec(normalised)?.[0].length ?? 0;
  const skippedLines = countNewlines(normalised, 0, start);
  OPENING_FENCE.lastIndex = start;
  const fence = OPENING_FENCE.exec(normalised)?.[1] as Fence | undefined;
  if (fence === undefined) return fail(key, skippedLines + 1, noFrontMatterReason(normalised, start));

  const openEnd = normalised.indexOf('\n', start);
  const closeStart = openEnd === -1 ? -1 : findClosingFence(fence, normalised, openEnd + 1);
  if (closeStart === -1) {
    return fail(key, skippedLines + 1, `front matter is never closed; add a ${fence} line after it`);
  }
  const closeEnd = normalised.indexOf('\n', closeStart);
  const header = normalised.slice(start, closeEnd === -1 ? normalised.length : closeEnd);
  const body = closeEnd === -1 ? '' : normalised.slice(closeEnd + 1);

  const parsed = parseHeader(fence, header, closeStart - start);
  if (parsed instanceof BlockError) {
    return fail(key, parsed.line === undefined ? undefined : parsed.line + skippedLines, parsed.message);
  }
  return { ok: true, frontMatter: toFrontMatter(key, FENCES[fence].format, parsed, skippedLines, body) };
}

/** CRLF and lone CR become LF (as CommonMark reads them); a BOM is dropped. */
function normaliseText(text: string): string {
  const unBommed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return unBommed.includes('\r') ? unBommed.replace(/\r\n?/g, '\n') : unBommed;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function findClosingFence(fence: Fence, text: string, from: number): number {
  const close = FENCES[fence].close;
  close.lastIndex = from;
  return close.exec(text)?.index ?? -1;
}

/**
 * Runs gray-matter on the header only (fences included): it copies its whole input into a
 * Buffer, and the body is not its business. Returns the engine's result or the reason it failed.
 */
function parseHeader(fence: Fence, header: string, closeOffset: number): ParsedBlock | BlockError {
  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(header, GRAY_MATTER_OPTIONS[fence]);
  } catch (error) {
    return error instanceof BlockError ? error : new BlockError(messageOf(error));
  }
  // gray-matter closes at the first line that merely starts with the fence (`---x`); ours
  // only at a fence alone on its line. If they differ, that line is the author's mistake.
  const grayMatterClose = fence.length + file.matter.length + 1;
  if (grayMatterClose !== closeOffset) {
    return new BlockError(
      `"${fence}" starts a line inside the front matter; the closing fence must be ${fence} alone on its line`,
      countNewlines(header, 0, grayMatterClose) + 1,
    );
  }
  // gray-matter skips the engine for a block that is empty or only comments.
  return file.data instanceof ParsedBlock ? file.data : new ParsedBlock([], []);
}

function toFrontMatter(
  key: string,
  format: FrontMatterFormat,
  block: ParsedBlock,
  skippedLines: number,
  body: string,
): FrontMatter {
  const shift = (line: number | undefined) => (line === undefined ? undefined : line + skippedLines);
  const fields = new Map<string, FrontMatterField>();
  for (const field of block.fields) {
    const line = shift(field.line);
    fields.set(field.name.toLowerCase(), {
      name: field.name,
      value: field.value,
      ...(line === undefined ? {} : { line }),
      ...(field.raw === undefined ? {} : { raw: field.raw }),
    });
  }
  const warnings = block.duplicates.map((dup) => {
    const first = dup.firstLine === undefined ? '' : ` (first at line ${dup.firstLine + skippedLines})`;
    return postDiagnostic(
      key,
      dup.line + skippedLines,
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

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}

// --- YAML -------------------------------------------------------------------------------

/*
 * The core schema keeps timestamps as text (the site timezone is applied later, never a silent
 * UTC) and `resolveKnownTags: false` stops `!!timestamp` from building a Date anyway. Duplicate
 * keys are accepted (`uniqueKeys: false`) and reported from the AST instead.
 */
const YAML_OPTIONS = {
  schema: 'core',
  version: '1.2',
  uniqueKeys: false,
  resolveKnownTags: false,
  logLevel: 'silent',
} as const;

function parseYamlBlock(source: string): ParsedBlock {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { ...YAML_OPTIONS, lineCounter });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  const error = doc.errors[0];
  if (error) throw new BlockError(`YAML error: ${yamlReason(error.message)}`, error.linePos?.[0].line);

  const contents = doc.contents;
  if (contents === null) return new ParsedBlock([], []);
  if (!isMap(contents)) {
    throw new BlockError('front matter is not a list of "key: value" lines', lineOf(contents.range[0]));
  }
  const duplicates = inspectYaml(contents, lineOf);
  return new ParsedBlock(yamlFields(doc, contents, lineOf), duplicates);
}

/** yaml's messages end in " at line N, column M:" plus a code frame; the line is reported apart. */
function yamlReason(message: string): string {
  const first = message.split('\n', 1)[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Walks the AST once (aliases are leaves here, never expanded): one duplicate per repeated key
 * (top-level keys compared without case, as they are read), and a refusal when aliases abound.
 */
function inspectYaml(root: YAMLMap<unknown, unknown>, lineOf: (offset: number) => number): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  let aliases = 0;
  const visit = (node: unknown, topLevel: boolean): void => {
    if (isAlias(node)) {
      aliases++;
      if (aliases > MAX_YAML_ALIASES) {
        throw new BlockError(
          `front matter uses more than ${MAX_YAML_ALIASES} YAML aliases (*name); write the values out`,
          lineOf((node as ParsedNode).range[0]),
        );
      }
      return;
    }
    if (!isCollection(node)) return;
    if (isMap(node)) collectDuplicates(node, topLevel, lineOf, duplicates);
    for (const item of node.items) {
      if (isPair(item)) {
        visit(item.key, false);
        visit(item.value, false);
      } else {
        visit(item, false);
      }
    }
  };
  visit(root, true);
  return duplicates;
}

function collectDuplicates(
  map: YAMLMap<unknown, unknown>,
  ignoreCase: boolean,
  lineOf: (offset: number) => number,
  into: DuplicateKey[],
): void {
  const firstLines = new Map<string, number>();
  for (const pair of map.items) {
    const name = scalarKey(pair.key);
    if (name === undefined) continue;
    const id = ignoreCase ? name.toLowerCase() : name;
    const line = lineOf((pair.key as ParsedNode).range[0]);
    const firstLine = firstLines.get(id);
    if (firstLine === undefined) firstLines.set(id, line);
    else into.push({ name, line, firstLine });
  }
}

function scalarKey(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : undefined;
}

/**
 * Converts through `toJS` once, whose alias budget stops a "billion laughs" expansion early.
 * Exact repeats resolve to the last value there; keys differing in case resolve in
 * `toFrontMatter`, where later pairs overwrite earlier ones.
 */
function yamlFields(
  doc: Document.Parsed,
  root: YAMLMap<unknown, unknown>,
  lineOf: (offset: number) => number,
): ParsedField[] {
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as Record<string, unknown>;
  } catch (error) {
    throw new BlockError(`YAML aliases expand too far (${messageOf(error)}); write the values out`);
  }
  const fields: ParsedField[] = [];
  for (const pair of root.items) {
    const name = scalarKey(pair.key);
    if (name === undefined) continue;
    const field: ParsedField = { name, value: data[name], line: lineOf((pair.key as ParsedNode).range[0]) };
    const raw = nonStringSource(pair.value);
    if (raw !== undefined) field.raw = raw;
    fields.push(field);
  }
  return fields;
}

function nonStringSource(node: unknown): string | undefined {
  if (!isScalar(node) || typeof node.value === 'string' || node.value === null) return undefined;
  return (node as YamlNode & { source?: string }).source;
}

// --- TOML -------------------------------------------------------------------------------

const TOML_OPTIONS = { useLegacyDate: true, unsafeKeyBehaviour: 'drop', maxDepth: 64 } as const;

/** TOML forbids repeated keys, so a repeat is a syntax error here, not a warning. */
function parseTomlBlock(source: string): ParsedBlock {
  let table: Record<string, unknown>;
  try {
    table = parseToml(source, TOML_OPTIONS);
  } catch (error) {
    if (error instanceof TomlError) {
      throw new BlockError(`TOML error: ${messageOf(error)}`, error.line);
    }
    throw error;
  }
  const lines = tomlKeyLines(source);
  const fields = Object.entries(table).map(([name, value]): ParsedField => {
    const field: ParsedField = { name, value: plainToml(value) };
    const line = lines.get(name);
    if (line !== undefined) field.line = line;
    return field;
  });
  return new ParsedBlock(fields, caseDuplicates(fields));
}

const TOML_KEY_LINE = /^[ \t]*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*=/;

/** smol-toml reports no positions for values; top-level `key =` lines are easy to find. */
function tomlKeyLines(source: string): Map<string, number> {
  const lines = new Map<string, number>();
  const rows = source.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    if (/^[ \t]*\[/.test(row)) break;
    const m = TOML_KEY_LINE.exec(row);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name !== undefined && !lines.has(name)) lines.set(name, i + 1);
  }
  return lines;
}

/** TOML dates become their text as written; a local date-time stays without an offset. */
function plainToml(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainToml);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainToml(v);
    return out;
  }
  return value;
}

function caseDuplicates(fields: ParsedField[]): DuplicateKey[] {
  const seen = new Map<string, ParsedField>();
  const duplicates: DuplicateKey[] = [];
  for (const field of fields) {
    const id = field.name.toLowerCase();
    const first = seen.get(id);
    if (first === undefined) seen.set(id, field);
    else if (field.line !== undefined) {
      duplicates.push({ name: field.name, line: field.line, ...(first.line === undefined ? {} : { firstLine: first.line }) });
    }
  }
  return duplicates;
}
