import type { YAMLException } from 'js-yaml';
import { BlockError, lineAt } from './front-matter-block.ts';

/*
 * Turns js-yaml's refusals into what a blogger can fix: what is wrong with which line, and how
 * to write it instead. js-yaml names the point where it gave up, which is often the line after
 * the mistake, or the end of the block for a quote never closed; the line reported here is the
 * one to edit.
 */

const PREFIX = 'YAML error: ';

/** `key: value`, also as a list item (`- key: value`): lead, key, separator, value. */
const KEY_LINE = /^([ \t]*(?:-[ \t]+)*)([^\s#].*?)([ \t]*:(?:[ \t]+|$))(.*)$/;
const LIST_ITEM = /^[ \t]*-(?:[ \t]|$)/;
/** `title:Foo`: libyaml and js-yaml read it as one string, never as a key. */
const NO_SPACE_AFTER_COLON = /^[ \t]*[A-Za-z_][\w.-]*:(?=[^\s:/])/;
/** Characters that YAML gives a meaning at the start of a value. */
const RESERVED_START = /^(?:[@`%!&*|>[{]|[-?](?:[ \t]|$))/;
const COLON_SPACE = /:(?:[ \t]|$)/;
/** What js-yaml (like libyaml) refuses in a file: C0 and C1 controls but tab, line breaks and NEL. */
const CONTROL_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/;
/** Reasons js-yaml gives on the line after the one to fix. */
const NOTICED_A_LINE_LATE = /multiline key|colon is missed|end of the stream/;
const CLOSERS: Readonly<Record<string, string>> = { '"': '"', "'": "'", '[': ']', '{': '}' };

/** `openedAt`: where the node being read when js-yaml gave up began. */
export function explainYamlError(block: string, error: YAMLException, openedAt: number | undefined): BlockError {
  const reason = error.reason;
  if (/within a (?:double|single) quoted scalar|flow collection/.test(reason) && openedAt !== undefined) {
    return neverClosed(block, openedAt, error.mark.line + 1);
  }
  // "expected valid JSON character" is js-yaml's word for a control character inside quotes.
  if (/non-printable|JSON character|null byte/.test(reason)) return controlCharacter(block);
  // Only a second document (content after a `...` line) is refused without a position.
  if (error.mark === undefined) {
    return new BlockError(`${PREFIX}the front matter cannot be read; check the quotes, colons and indentation of each line`);
  }
  const lines = block.split('\n');
  const index = Math.min(error.mark.line, lines.length - 1);
  if (/escape sequence|hexadecimal/.test(reason)) {
    return new BlockError(
      `${PREFIX}a backslash inside "…" starts an escape code; write \\\\ for a backslash, or put the value in single quotes`,
      index + 1,
    );
  }
  if (/maxDepth/.test(reason)) return nestedTooDeep(index + 1);
  return explainLine(lines, index, error.mark.column, NOTICED_A_LINE_LATE.test(reason));
}

export function nestedTooDeep(line?: number): BlockError {
  return new BlockError(`${PREFIX}lists and mappings are nested too deeply; write them flatter`, line);
}

/** The front matter is one value, not keys: most often `title:Foo`, which YAML reads as text. */
export function explainNonMapping(block: string, root: unknown): BlockError {
  const lines = block.split('\n');
  if (typeof root === 'string') {
    for (let i = 0; i < lines.length; i++) {
      const fix = missingSpace(lines, i);
      if (fix !== undefined) return fix;
    }
  }
  const first = lines.findIndex(isContent);
  return new BlockError('front matter is not a list of "key: value" lines', first === -1 ? undefined : first + 1);
}

function explainLine(lines: string[], index: number, column: number, notedLate: boolean): BlockError {
  const text = lines[index] ?? '';
  const before = previousIndex(lines, index, isContent);
  return (
    tabIndent(text, index) ??
    valueProblem(text, index, column) ??
    listAfterValue(lines, index, before) ??
    (notedLate ? (missingSpace(lines, before) ?? notKeyValue(lines, before)) : undefined) ??
    misindented(lines, index, column) ??
    new BlockError(
      `${PREFIX}this line cannot be read as "key: value"; check its quotes, colons and indentation`,
      (isContent(text) || before === -1 ? index : before) + 1,
    )
  );
}

/** A quote, `[` or `{` that js-yaml read to the end of the block looking for its closer. */
function neverClosed(block: string, openedAt: number, errorLine: number): BlockError {
  const opener = block[openedAt] ?? '';
  const closer = CLOSERS[opener];
  const line = lineAt(block, openedAt);
  // An anchor or a tag before the value (`&a "…`): rare enough not to look past it.
  if (closer === undefined) return new BlockError(`${PREFIX}a quote or bracket on this line is never closed`, line);
  const lineStart = block.lastIndexOf('\n', openedAt - 1) + 1;
  const key = KEY_LINE.exec(block.slice(lineStart, openedAt))?.[2];
  const which = `the ${opener} ${key === undefined ? 'on this line' : `that opens the value of "${key}"`}`;
  if (opener === '"' || opener === "'") {
    return new BlockError(`${PREFIX}${which} is never closed; add a ${closer} where the value ends`, line);
  }
  // A missing comma is noticed on the line of the entries, a missing bracket lines later.
  if (errorLine === line) {
    return new BlockError(
      `${PREFIX}separate the entries between ${opener} and ${closer} with commas, and quote an entry that holds quotes`,
      line,
    );
  }
  return new BlockError(`${PREFIX}${which} is never closed; add a ${closer} after its last entry`, line);
}

function controlCharacter(block: string): BlockError {
  const found = CONTROL_CHARACTER.exec(block);
  if (found === null) return new BlockError(`${PREFIX}the front matter holds an invisible control character; delete it`);
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return new BlockError(
    `${PREFIX}this line holds an invisible control character (U+${code}); delete it`,
    lineAt(block, found.index),
  );
}

function tabIndent(text: string, index: number): BlockError | undefined {
  if (!/^ *\t/.test(text)) return undefined;
  return new BlockError(`${PREFIX}this line is indented with a tab; indent with spaces`, index + 1);
}

/** A value that YAML cannot read as plain text: it must be quoted. */
function valueProblem(text: string, index: number, column: number): BlockError | undefined {
  const parts = KEY_LINE.exec(text);
  if (parts === null) return undefined;
  const [, lead = '', key = '', separator = '', rest = ''] = parts;
  const value = rest.trimEnd();
  if (value === '' || column < lead.length + key.length + separator.length) return undefined;
  const first = value[0] ?? '';
  let problem: string;
  let intended = value;
  if (first === '"' || first === "'") {
    // `'It's here'` meant `It's here`; `"Quoted" and more` meant all of it.
    if (value.length > 1 && value.endsWith(first)) intended = value.slice(1, -1);
    if (!intended.includes(first)) return undefined;
    problem = 'the value has text after its closing quote; write it as';
  } else if (RESERVED_START.test(value)) {
    const indicator = /^[-?][ \t]/.test(value) ? value.slice(0, 2) : first;
    problem = `a value starting with "${indicator}" must be quoted:`;
  } else if (value.endsWith(':')) {
    problem = 'a value ending in ":" must be quoted:';
  } else if (COLON_SPACE.test(value)) {
    problem = 'a value containing ": " must be quoted:';
  } else {
    return undefined;
  }
  return new BlockError(`${PREFIX}${problem} ${key}: ${quoted(intended)}`, index + 1);
}

/** `tags: a` then `- b`: a key has one value, text or a list. */
function listAfterValue(lines: string[], index: number, before: number): BlockError | undefined {
  const text = lines[index] ?? '';
  const parts = KEY_LINE.exec(lines[before] ?? '');
  const value = parts?.[4]?.trim();
  if (!LIST_ITEM.test(text) || parts === null || value === undefined || value === '' || value.startsWith('#')) {
    return undefined;
  }
  const key = parts[2] ?? '';
  return new BlockError(
    `${PREFIX}the list item "${text.trim()}" follows "${key}: ${value}", which already has a value; leave nothing after "${key}:" to start a list`,
    index + 1,
  );
}

function missingSpace(lines: string[], index: number): BlockError | undefined {
  const text = lines[index]?.trim() ?? '';
  if (!NO_SPACE_AFTER_COLON.test(text)) return undefined;
  return new BlockError(`${PREFIX}put a space after the colon: ${text.replace(':', ': ')}`, index + 1);
}

function notKeyValue(lines: string[], index: number): BlockError | undefined {
  const text = lines[index]?.trim() ?? '';
  if (text === '' || text.includes(':') || LIST_ITEM.test(text)) return undefined;
  return new BlockError(
    `${PREFIX}"${text}" is not a "key: value" line; add "key:" before it, or indent it to continue the value above`,
    index + 1,
  );
}

/**
 * A key or list item at an indentation that matches neither its siblings nor its parent. js-yaml
 * stops at its start when it is indented less than its siblings, past it (having read it as
 * more of the value above) when it is indented more.
 */
function misindented(lines: string[], index: number, column: number): BlockError | undefined {
  const text = lines[index] ?? '';
  if (!isStructural(text)) return undefined;
  const indent = indentOf(text);
  const shallower = column <= indent;
  const closest = previousIndex(
    lines,
    index,
    (line) => isStructural(line) && (shallower ? indentOf(line) > indent : indentOf(line) < indent),
  );
  const siblingText = lines[closest === -1 ? previousIndex(lines, index, isStructural) : closest];
  if (siblingText === undefined) return undefined;
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  return new BlockError(
    `${PREFIX}indent "${label(text)}" like "${label(siblingText)}" above it (${spaces(indentOf(siblingText))}, not ${indent})`,
    index + 1,
  );
}

function label(text: string): string {
  const parts = KEY_LINE.exec(text);
  if (parts !== null && !LIST_ITEM.test(text)) return `${parts[2]}:`;
  const trimmed = text.trim();
  return trimmed.length > 30 ? `${trimmed.slice(0, 29)}…` : trimmed;
}

/** The text as a YAML scalar, in the quotes that need no escapes. */
function quoted(text: string): string {
  if (!/["\\]/.test(text)) return `"${text}"`;
  return `'${text.replaceAll("'", "''")}'`;
}

function isContent(text: string): boolean {
  const trimmed = text.trim();
  return trimmed !== '' && !trimmed.startsWith('#');
}

function isStructural(text: string): boolean {
  return LIST_ITEM.test(text) || KEY_LINE.test(text);
}

function indentOf(text: string): number {
  return /^ */.exec(text)?.[0].length ?? 0;
}

function previousIndex(lines: string[], index: number, test: (text: string) => boolean): number {
  for (let i = index - 1; i >= 0; i--) if (test(lines[i] ?? '')) return i;
  return -1;
}
