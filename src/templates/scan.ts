import type { Span } from './code-regions.ts';

/** Whose syntax a tag is written in. */
export type Family = 'hugo' | 'liquid' | 'tera';

/** One template tag as written: `{{< name args >}}`, `{% name args %}`, `{{ expr }}`, `{{ name(args) }}`. */
export interface Tag {
  family: Family;
  /** The name as written; empty for a print (`{{ site.url }}`) and Tera's `{% end %}`. */
  name: string;
  /** What follows the name: arguments, or the whole expression of a print. */
  args: string;
  /** Hugo `{{% … %}}`: its inner content is Markdown. */
  markdownInner: boolean;
  /** `{{ … }}` in Liquid: prints an expression rather than calling a tag. */
  print: boolean;
  /** Tera `{% name(…) %}` opens a body that `{% end %}` closes. */
  teraBody: boolean;
  /** `{{< /name >}}`, `{% endname %}`, `{% end %}`. */
  close: boolean;
  /** `{{< name />}}`. */
  selfClosing: boolean;
  /** The content of a tag whose body is never template code (highlight, comment), as written. */
  body?: string;
  start: number;
  end: number;
}

export type Node =
  /** Markdown to keep as written. */
  | { kind: 'text'; start: number; end: number }
  /** Code (a block or a span): template syntax in it stays, but for the escapes that exist to show it. */
  | { kind: 'code'; start: number; end: number }
  /** Text the template language gives literally: `{% raw %}` content, a tag escaped with `/* … *\/`. */
  | { kind: 'literal'; text: string; start: number; end: number }
  | { kind: 'tag'; tag: Tag; start: number; end: number };

/** A tag longer than this, or holding a blank line, is prose that happens to contain `{{`. */
const MAX_TAG_CHARS = 2000;
const SPECIAL = /[{`]/g;
const TAG_NAME = /^[A-Za-z_][\w.\/-]*$/;
const TERA_CALL = /^([A-Za-z_]\w*)\s*\(([\s\S]*)\)$/;
const HUGO_HEAD = /\{\{[<%][ \t]*(?:\/\*|\/?[ \t]*[A-Za-z_])/y;
const STATEMENT_HEAD = /\{%-?[ \t]*(?:\/\*|[A-Za-z_#])/y;
const PRINT_HEAD = /\{\{-?[ \t]*(?:\/\*|[^\s{}<%])/y;
const LIQUID_WORD = /^([A-Za-z_#][\w-]*)\s*([\s\S]*)$/;

/** Tags whose body is taken as written, never scanned: `{% raw %}`, highlight, comments. */
const RAW_BODIES: Readonly<Record<'hugo' | 'liquid', readonly string[]>> = {
  hugo: ['highlight', 'comment'],
  liquid: ['raw', 'comment', 'highlight'],
};

/**
 * Finds the next occurrence of a needle, remembering the last answer per needle: a page of
 * unclosed `{{` searches the rest of the text once, not once per `{{`.
 */
class Finder {
  private readonly cache = new Map<string, { from: number; at: number }>();
  private readonly blanks: number[] = [];
  private blankCursor = 0;

  constructor(private readonly text: string) {
    for (const blank of text.matchAll(/\n[ \t]*\n/g)) this.blanks.push(blank.index);
  }

  /** Where the first blank line at or after `at` starts; tags are read left to right, so `at` only grows. */
  blankLineAfter(at: number): number {
    while (this.blankCursor < this.blanks.length && (this.blanks[this.blankCursor] ?? 0) < at) this.blankCursor++;
    return this.blanks[this.blankCursor] ?? Number.POSITIVE_INFINITY;
  }

  indexOf(needle: string | RegExp, from: number): { at: number; end: number } | undefined {
    const key = typeof needle === 'string' ? needle : needle.source;
    const cached = this.cache.get(key);
    let at: number;
    let end: number;
    if (cached && cached.from <= from && (cached.at === -1 || cached.at >= from) && typeof needle === 'string') {
      at = cached.at;
      end = at + needle.length;
    } else if (typeof needle === 'string') {
      at = this.text.indexOf(needle, from);
      end = at + needle.length;
      this.cache.set(key, { from, at });
    } else {
      if (cached && cached.from <= from && cached.at === -1) return undefined;
      needle.lastIndex = from;
      const match = needle.exec(this.text);
      at = match?.index ?? -1;
      end = at + (match?.[0].length ?? 0);
      if (at === -1) this.cache.set(key, { from, at });
    }
    return at === -1 ? undefined : { at, end };
  }
}

/**
 * Backtick runs, found once, so that matching each code span's opening run with
 * its closing one takes linear time overall.
 */
class CodeSpans {
  private readonly runs = new Map<number, number[]>();
  private readonly cursors = new Map<number, number>();

  constructor(
    private readonly text: string,
    private readonly finder: Finder,
  ) {
    for (const run of text.matchAll(/`+/g)) {
      const positions = this.runs.get(run[0].length) ?? [];
      positions.push(run.index);
      this.runs.set(run[0].length, positions);
    }
  }

  /** The span a run opening at `at` starts, ending before `limit`; undefined when the run is literal. */
  spanAt(at: number, limit: number): { length: number; end?: number } {
    let length = 0;
    while (this.text[at + length] === '`') length++;
    const positions = this.runs.get(length) ?? [];
    let cursor = this.cursors.get(length) ?? 0;
    while (cursor < positions.length && (positions[cursor] ?? 0) <= at) cursor++;
    this.cursors.set(length, cursor);
    const paragraphEnd = Math.min(this.finder.blankLineAfter(at), limit);
    const close = positions[cursor];
    return close !== undefined && close + length <= paragraphEnd ? { length, end: close + length } : { length };
  }
}

function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text[at - 1 - slashes] === '\\') slashes++;
  return slashes % 2 === 1;
}

/**
 * The body as text, code and template tags, left to right. `blocks`: the code blocks, sorted.
 * Linear in the body's length whatever it holds.
 */
export function scanTemplates(body: string, blocks: readonly Span[]): Node[] {
  const nodes: Node[] = [];
  const finder = new Finder(body);
  const spans = new CodeSpans(body, finder);
  let textStart = 0;
  let i = 0;
  let b = 0;
  const flush = (to: number) => {
    if (to > textStart) nodes.push({ kind: 'text', start: textStart, end: to });
  };
  while (i < body.length) {
    while (b < blocks.length && (blocks[b]?.end ?? 0) <= i) b++;
    const block = blocks[b];
    if (block && block.start <= i) {
      flush(i);
      nodes.push({ kind: 'code', start: i, end: block.end });
      i = textStart = block.end;
      continue;
    }
    const limit = block ? block.start : body.length;
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(body);
    if (!next || next.index >= limit) {
      i = limit;
      continue;
    }
    i = next.index;
    if (body[i] === '`') {
      if (isEscaped(body, i)) {
        i++;
        continue;
      }
      const span = spans.spanAt(i, limit);
      if (span.end === undefined) {
        i += span.length;
        continue;
      }
      flush(i);
      nodes.push({ kind: 'code', start: i, end: span.end });
      i = textStart = span.end;
      continue;
    }
    const found = readTag(body, i, limit, finder);
    if (!found) {
      i++;
      continue;
    }
    flush(i);
    nodes.push(found);
    i = textStart = found.end;
  }
  flush(body.length);
  return nodes;
}

/** The tag starting at `at` (a `{`), or undefined when the text there is no tag. */
function readTag(text: string, at: number, limit: number, finder: Finder): Node | undefined {
  const second = text[at + 1];
  const third = text[at + 2];
  // Each head is checked before any text is copied, so that text full of `{{<` that opens no
  // tag is passed over in linear time.
  if (second === '{' && (third === '<' || third === '%')) return startsWith(HUGO_HEAD, text, at) ? readHugo(text, at, limit, finder, third) : undefined;
  if (second === '%') return startsWith(STATEMENT_HEAD, text, at) ? readStatement(text, at, limit, finder) : undefined;
  if (second === '{') return startsWith(PRINT_HEAD, text, at) ? readPrint(text, at, limit, finder) : undefined;
  return undefined;
}

function startsWith(head: RegExp, text: string, at: number): boolean {
  head.lastIndex = at;
  return head.test(text);
}

/**
 * The text between `open` (at `at`) and the next `close`, when it can be a tag: closed before
 * `limit`, short, and without a blank line.
 */
function delimited(text: string, at: number, open: number, close: string, limit: number, finder: Finder) {
  const found = finder.indexOf(close, at + open);
  if (!found || found.end > limit || found.end - at > MAX_TAG_CHARS) return undefined;
  if (finder.blankLineAfter(at) < found.at) return undefined;
  return { inner: text.slice(at + open, found.at), end: found.end };
}

/** Hugo's `{{</*`, Zola's `{{/*` and `{%/*` (closed by the same `*\/` before the tag's end): the tag shown, not run. */
function escapedTag(inner: string, open: string, close: string): string | undefined {
  const trimmed = inner.trim();
  if (!trimmed.startsWith('/*') || !trimmed.endsWith('*/') || trimmed.length < 4) return undefined;
  return `${open} ${trimmed.slice(2, -2).trim()} ${close}`;
}

function readHugo(text: string, at: number, limit: number, finder: Finder, kind: '<' | '%'): Node | undefined {
  const close = kind === '<' ? '>}}' : '%}}';
  const found = delimited(text, at, 3, close, limit, finder);
  if (!found) return undefined;
  const shown = escapedTag(found.inner, `{{${kind}`, close);
  if (shown !== undefined) return { kind: 'literal', text: shown, start: at, end: found.end };
  let content = found.inner.trim();
  const isClose = content.startsWith('/');
  if (isClose) content = content.slice(1).trim();
  const selfClosing = !isClose && content.endsWith('/');
  if (selfClosing) content = content.slice(0, -1).trim();
  const [, name = '', args = ''] = /^(\S+)\s*([\s\S]*)$/.exec(content) ?? [];
  if (!TAG_NAME.test(name)) return undefined;
  const tag: Tag = { family: 'hugo', name, args, markdownInner: kind === '%', print: false, teraBody: false, close: isClose, selfClosing, start: at, end: found.end };
  if (!isClose && !selfClosing && RAW_BODIES.hugo.includes(name)) {
    const closing = finder.indexOf(new RegExp(`\\{\\{[<%]\\s*/\\s*${name}\\s*[>%]\\}\\}`, 'g'), found.end);
    if (closing) return withBody(tag, text.slice(found.end, closing.at), closing.end);
  }
  return { kind: 'tag', tag, start: at, end: found.end };
}

function withBody(tag: Tag, body: string, end: number): Node {
  return { kind: 'tag', tag: { ...tag, body, end }, start: tag.start, end };
}

/** `{% … %}`: a Liquid tag, or a Tera body shortcode and its `{% end %}`. */
function readStatement(text: string, at: number, limit: number, finder: Finder): Node | undefined {
  const found = delimited(text, at, 2, '%}', limit, finder);
  if (!found) return undefined;
  const shown = escapedTag(found.inner, '{%', '%}');
  if (shown !== undefined) return { kind: 'literal', text: shown, start: at, end: found.end };
  const content = trimWhitespaceControl(found.inner);
  const base = { markdownInner: true, print: false, selfClosing: false, start: at, end: found.end };
  if (content === 'end') return { kind: 'tag', tag: { ...base, family: 'tera', name: '', args: '', teraBody: false, close: true }, start: at, end: found.end };
  const call = TERA_CALL.exec(content);
  if (call?.[1] !== undefined) {
    const tag: Tag = { ...base, family: 'tera', name: call[1], args: call[2] ?? '', teraBody: true, close: false };
    return { kind: 'tag', tag, start: at, end: found.end };
  }
  const [, word = '', args = ''] = LIQUID_WORD.exec(content) ?? [];
  if (word === '') return undefined;
  // `{% # note %}`: Liquid's inline comment.
  if (word.startsWith('#')) return { kind: 'literal', text: '', start: at, end: found.end };
  const isClose = word.length > 3 && word.startsWith('end');
  const tag: Tag = { ...base, family: 'liquid', name: isClose ? word.slice(3) : word, args, teraBody: false, close: isClose };
  if (!isClose && RAW_BODIES.liquid.includes(word)) {
    const closing = finder.indexOf(new RegExp(`\\{%-?\\s*end${word}\\s*-?%\\}`, 'g'), found.end);
    if (closing) {
      const inner = text.slice(found.end, closing.at);
      if (word === 'raw') return { kind: 'literal', text: inner, start: at, end: closing.end };
      return withBody(tag, inner, closing.end);
    }
  }
  return { kind: 'tag', tag, start: at, end: found.end };
}

/** `{{ … }}`: a Tera inline shortcode `{{ name(…) }}`, or a Liquid print. */
function readPrint(text: string, at: number, limit: number, finder: Finder): Node | undefined {
  const found = delimited(text, at, 2, '}}', limit, finder);
  if (!found) return undefined;
  const shown = escapedTag(found.inner, '{{', '}}');
  if (shown !== undefined) return { kind: 'literal', text: shown, start: at, end: found.end };
  const content = trimWhitespaceControl(found.inner);
  if (content === '') return undefined;
  const base = { markdownInner: false, teraBody: false, close: false, selfClosing: true, start: at, end: found.end };
  const call = TERA_CALL.exec(content);
  const tag: Tag =
    call?.[1] !== undefined
      ? { ...base, family: 'tera', name: call[1], args: call[2] ?? '', print: false }
      : { ...base, family: 'liquid', name: '', args: content, print: true };
  return { kind: 'tag', tag, start: at, end: found.end };
}

/** Liquid's `{%-`/`-%}` trim white space around the tag; the tag's own content is the same. */
function trimWhitespaceControl(inner: string): string {
  return inner.replace(/^-/, '').replace(/-$/, '').trim();
}
