import type { MarkdownIt } from 'markdown-it';
import type { Diagnostic, Generator } from '../model.ts';
import { postDiagnostic } from '../posts/diagnostic.ts';
import { parseArguments } from './arguments.ts';
import { builtinFor, guessed, LIQUID_CONTROL, urlAsMarkdown } from './builtins.ts';
import type { Call, CallContext, Handler, Output, SiteValues } from './call.ts';
import { codeBlocks, lineOf, lineStarts } from './code-regions.ts';
import { pairTags } from './pair.ts';
import { placeholders, type Placeholders } from './placeholders.ts';
import { printValue } from './print.ts';
import { scanTemplates, type Node, type Tag } from './scan.ts';

export interface TemplateSite extends SiteValues {
  /** The site's own shortcodes (the `shortcodes` setting), by name. */
  shortcodes: ReadonlyMap<string, Handler>;
  generator: Generator;
}

/** What expansion uses of the renderer and the index. */
export interface ExpandTools {
  md: MarkdownIt;
  /** The post's own renderer, so that nested content renders like the rest. */
  render: (markdown: string, inline: boolean) => string;
  link: CallContext['link'];
}

export interface TemplatePost {
  key: string;
  url: string;
  title: string;
  /** File line of the body's first line. */
  bodyLine: number;
  /** Front-matter values by lower-cased key. */
  params: Readonly<Record<string, unknown>>;
}

export interface Expanded {
  /** The body with every template tag expanded, HTML standing in it as placeholders. */
  markdown: string;
  placeholders: Placeholders;
  warnings: Diagnostic[];
}

const PRINTS_AS_TEXT: ReadonlySet<Generator> = new Set(['hugo', 'zola']);
const TEMPLATE_START = /\{[{%]|@\//;
const ZOLA_LINK = /(\]\([ \t]*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?)@\/([^\s)>]+)/gm;
const RAW_OPEN = /\{%-?\s*raw\s*-?%\}/g;
const RAW_CLOSE = /\{%-?\s*endraw\s*-?%\}/g;
/** Hugo's escaped shortcodes: `{{</*` and `{{%/*`, closed by the same `*\/` before `>}}` or `%}}`. */
const SHOWN_HUGO_TAG = /\{\{([<%])\/\*([^\n]{0,2000}?)\*\/([>%])\}\}/g;
/** Zola's escaped shortcodes: `{{/*` and `{%/*`, closed by `*\/` before `}}` or `%}`. */
const SHOWN_ZOLA_TAG = /\{([{%])\/\*([^\n]{0,2000}?)\*\/([}%])\}/g;
/** Liquid's way to print a delimiter: `{{ "{{" }}`. */
const STRING_PRINT = /\{\{-?[ \t]*(["'])([^"'\n]{0,200}?)\1[ \t]*-?\}\}/g;

/**
 * Template syntax in a post's Markdown → Markdown the renderer can read: internal links become
 * the posts' URLs, built-ins their HTML, the site's shortcodes their templates; what needs the
 * site's own templates is removed (single tags) or unwrapped (paired ones), with a warning.
 * Code is left as written, but for the escapes that exist to show template syntax in it.
 */
export function expandTemplates(body: string, post: TemplatePost, site: TemplateSite, { md, render, link }: ExpandTools): Expanded {
  const marks = placeholders(body);
  if (!TEMPLATE_START.test(body)) return { markdown: body, placeholders: marks, warnings: [] };
  const starts = lineStarts(body);
  const nodes = scanTemplates(body, codeBlocks(body, md, starts));
  const { pairs, stray } = pairTags(nodes);
  const fileLine = (offset: number) => post.bodyLine + lineOf(starts, offset);
  const notes = new Notes(post.key);
  const context: CallContext = {
    site,
    page: { url: post.url, title: post.title, params: post.params },
    link,
    markdown: (text, inline) => marks.toHtml(render(text, inline)),
    plain: (text) => marks.toText(text),
  };

  /** Whether only white space stands between the line's start and `offset`. */
  const startsLine = (offset: number) => {
    let at = offset;
    while (at > 0 && (body[at - 1] === ' ' || body[at - 1] === '\t')) at--;
    return at === 0 || body[at - 1] === '\n';
  };
  /** Whether only white space stands between `offset` and the line's end. */
  const endsLine = (offset: number) => {
    let at = offset;
    while (body[at] === ' ' || body[at] === '\t') at++;
    return at === body.length || body[at] === '\n';
  };

  // Set when a removed tag had its line to itself: the line break after it goes too.
  let dropLineBreak = false;
  const dropLine = (out: string[], tag: { start: number; end: number }): void => {
    if (!startsLine(tag.start) || !endsLine(tag.end)) return;
    dropLineBreak = true;
    trimPartsEnd(out);
  };

  /** Zola's `[text](@/blog/post.md#part)` and `[ref]: @/…`: the target post's URL. */
  const zolaLinks = (text: string, offset: number): string =>
    text.replace(ZOLA_LINK, (_whole, before: string, target: string, at: number) => before + urlAsMarkdown(link('zola', decoded(target), fileLine(offset + at))));

  const expandRange = (from: number, to: number): string => {
    // Pieces, joined once: reading the end of a string built by `+=` flattens all of it.
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      const node = nodes[i] as Node;
      if (node.kind !== 'tag') {
        let text = node.kind === 'literal' ? node.text : body.slice(node.start, node.end);
        if (node.kind === 'code' && text.includes('{')) text = showTemplatesInCode(text, site.generator);
        if (node.kind === 'text' && text.includes('@/')) text = zolaLinks(text, node.start);
        if (dropLineBreak && node.kind === 'text') text = text.replace(/^[ \t]*\n/, '');
        dropLineBreak = false;
        out.push(text);
        continue;
      }
      const close = pairs.get(i);
      const closeNode = close === undefined ? undefined : (nodes[close] as Node);
      dropLineBreak = false;
      const inner = close === undefined ? undefined : expandRange(i + 1, close);
      dropLineBreak = false;
      const end = closeNode?.end ?? node.end;
      const call: Call = {
        tag: node.tag,
        args: parseArguments(node.tag.args),
        ...(inner === undefined ? {} : { inner }),
        ownLine: startsLine(node.start) && endsLine(end),
        next: body[end] ?? '',
        line: fileLine(node.start),
      };
      // A `{% comment %}` never closed hides nothing: the text after it is shown, and said so.
      const output: Output = stray.has(i) || neverClosed(call) ? { kind: 'unknown' } : run(call, site, context);
      if (output.kind === 'unknown' && call.tag.print && PRINTS_AS_TEXT.has(site.generator)) {
        // Hugo and Zola run no template in content: `{{ x }}` is text there (LaTeX, examples).
        out.push(body.slice(node.start, node.end));
      } else if (output.kind === 'unknown' || output.kind === 'control') {
        notes.unrun(call, output.kind, stray.has(i), output.kind === 'unknown' ? output.text : undefined);
        if (output.kind === 'unknown' && output.text !== undefined) out.push(output.text);
        else dropLine(out, node);
        if (inner !== undefined && closeNode !== undefined) {
          // The content stays; the lines its tags stood on go.
          const content = dropLineBreak ? inner.replace(/^[ \t]*\n/, '') : inner;
          dropLineBreak = false;
          out.push(startsLine(closeNode.start) && endsLine(closeNode.end) ? trimLineEnd(content) : content);
          dropLine(out, closeNode);
        }
      } else if (output.kind === 'markdown') {
        out.push(output.text);
      } else if (output.html === '') {
        dropLine(out, { start: node.start, end });
      } else {
        out.push(call.ownLine ? marks.block(output.html, output.text) : marks.inline(output.html, output.text));
      }
      if (close !== undefined) i = close;
    }
    return out.join('');
  };

  const markdown = expandRange(0, nodes.length);
  return { markdown, placeholders: marks, warnings: notes.list() };
}

/** The pieces without the spaces and tabs at their end. */
function trimPartsEnd(parts: string[]): void {
  for (let last = parts.pop(); last !== undefined; last = parts.pop()) {
    const trimmed = trimLineEnd(last);
    if (trimmed !== '') {
      parts.push(trimmed);
      return;
    }
  }
}

/** Without the spaces and tabs at its end; a loop, since `/[ \t]*$/` tries every position of a long text. */
function trimLineEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end === text.length ? text : text.slice(0, end);
}

function decoded(target: string): string {
  try {
    return decodeURI(target);
  } catch {
    return target;
  }
}

function run(call: Call, site: TemplateSite, context: CallContext): Output {
  const { tag } = call;
  if (tag.print) {
    const value = printValue(tag.args, context);
    return value === undefined ? { kind: 'unknown' } : { kind: 'markdown', text: value };
  }
  const own = site.shortcodes.get(tag.name) ?? site.shortcodes.get(tag.name.toLowerCase());
  if (own) return own(call, context);
  const builtin = builtinFor(call);
  if (builtin) return builtin(call, context);
  if (tag.family === 'liquid' && LIQUID_CONTROL.has(tag.name)) return { kind: 'control' };
  return guessed(call, context);
}

/**
 * In code, template syntax stays as written, but for the escapes that exist to show it there, as
 * the site's generator undoes them: Jekyll runs Liquid in code (`{% raw %}`, `{{ "{{" }}`),
 * Hugo and Zola only their shortcodes' `/* … *\/` escapes.
 */
function showTemplatesInCode(code: string, generator: Generator): string {
  const runsLiquid = generator === 'jekyll' || generator === 'plain';
  const unescape = (text: string): string => {
    let shown = text;
    if (generator !== 'jekyll' && generator !== 'zola') shown = shown.replace(SHOWN_HUGO_TAG, (_w, open: string, tag: string, close: string) => `{{${open} ${tag.trim()} ${close}}}`);
    if (generator !== 'jekyll' && generator !== 'hugo') shown = shown.replace(SHOWN_ZOLA_TAG, (_w, open: string, tag: string, close: string) => `{${open} ${tag.trim()} ${close}}`);
    if (generator === 'jekyll') shown = shown.replace(STRING_PRINT, (_w, _quote: string, text: string) => text);
    return shown;
  };
  if (!runsLiquid) return unescape(code);
  // `{% raw %}` runs to the first `{% endraw %}`: `{% raw %}{% raw %}{% endraw %}` shows `{% raw %}`.
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    RAW_OPEN.lastIndex = at;
    const open = RAW_OPEN.exec(code);
    if (!open) break;
    RAW_CLOSE.lastIndex = open.index + open[0].length;
    const close = RAW_CLOSE.exec(code);
    if (!close) break;
    parts.push(unescape(code.slice(at, open.index)), code.slice(open.index + open[0].length, close.index));
    at = close.index + close[0].length;
  }
  parts.push(unescape(code.slice(at)));
  return parts.join('');
}

function written(tag: Tag): string {
  if (tag.print) return `{{ ${tag.args} }}`;
  if (tag.family === 'hugo') return `{{${tag.markdownInner ? '%' : '<'} ${tag.close ? '/' : ''}${tag.name} ${tag.markdownInner ? '%' : '>'}}}`;
  if (tag.family === 'tera') return tag.teraBody ? `{% ${tag.name}() %}` : tag.close ? '{% end %}' : `{{ ${tag.name}() }}`;
  return `{% ${tag.close ? 'end' : ''}${tag.name} %}`;
}

/** Liquid tags that take their text as written: without their end tag they are no known tag, but a typo. */
const LIQUID_BODY_TAGS = new Set(['raw', 'comment']);

/** `{% raw %}` with no `{% endraw %}` after it (Jekyll stops the build: "'raw' tag was never closed"). */
function neverClosed(call: Call): boolean {
  return call.tag.family === 'liquid' && !call.tag.close && call.inner === undefined && LIQUID_BODY_TAGS.has(call.tag.name);
}

/** Tags named in a warning: the first few, and how many more. */
function listed(tags: readonly { tag: string }[]): string {
  const shown = tags.slice(0, 4).map(({ tag }) => tag).join(', ');
  return tags.length > 4 ? `${shown} and ${tags.length - 4} more` : shown;
}

/** One warning per thing the author can fix, at its first line: this post's expansion is reported once per change. */
class Notes {
  private readonly unknown = new Map<string, { line: number; message: string }>();
  /** Prints that need the site (`{{ release.version }}`), each at its first line: one warning for all. */
  private readonly prints = new Map<string, number>();
  /** Liquid logic tags, each at its first line. */
  private readonly control = new Map<string, number>();

  constructor(private readonly key: string) {}

  unrun(call: Call, kind: 'unknown' | 'control', stray: boolean, keptText?: string): void {
    const shown = written(call.tag);
    if (kind === 'control') {
      const tag = `{% ${call.tag.name} %}`;
      this.control.set(tag, Math.min(call.line, this.control.get(tag) ?? call.line));
      return;
    }
    if (call.tag.print) {
      this.prints.set(shown, Math.min(call.line, this.prints.get(shown) ?? call.line));
      return;
    }
    if (this.unknown.has(shown)) return;
    const fix = stray
      ? 'it closes nothing, so it was removed'
      : neverClosed(call)
        ? `it is never closed, so only the tag was removed and the text after it is shown; add {% end${call.tag.name} %} where its text ends`
      : keptText !== undefined
        ? `it is not known, so only its text "${keptText}" was kept; map "${call.tag.name}" in the "shortcodes" setting to render it`
        : call.inner !== undefined
        ? `it is not known, so its tags were removed and its content kept; map "${call.tag.name}" in the "shortcodes" setting to render it`
        : `it is not known, so it was removed; map "${call.tag.name}" in the "shortcodes" setting to render it`;
    this.unknown.set(shown, { line: call.line, message: `${shown}: ${fix}` });
  }

  list(): Diagnostic[] {
    const byLine = <T extends { line: number }>(a: T, b: T) => a.line - b.line;
    const unrun = [...this.unknown.values()].sort(byLine).map(({ line, message }) => postDiagnostic(this.key, line, message));
    const control = [...this.control].map(([tag, line]) => ({ tag, line })).sort(byLine);
    const prints = [...this.prints].map(([tag, line]) => ({ tag, line })).sort(byLine);
    const first = control[0];
    const firstPrint = prints[0];
    return [
      ...unrun,
      ...(first ? [postDiagnostic(this.key, first.line, `${listed(control)} cannot run without the site: their tags were removed and the text between them kept`)] : []),
      ...(firstPrint ? [postDiagnostic(this.key, firstPrint.line, `${listed(prints)} print values only the site has, so they were removed`)] : []),
    ];
  }
}
