import { decodeHTMLAttribute } from 'entities/decode';
import type { MarkdownIt, StateCore, Token } from 'markdown-it';

/** Attributes whose value is one URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite', 'action', 'background', 'longdesc', 'usemap', 'data', 'xlink:href', 'formaction']);

/**
 * Resolves `url` against `base` as a browser would. Values that are not URLs (or that the
 * resolver rejects) are returned unchanged rather than dropped: the author's text stays theirs.
 */
export function absoluteUrl(url: string, base: string): string {
  try {
    // An empty href names the document itself, as in a browser.
    return new URL(url.trim(), base).href;
  } catch {
    return url;
  }
}

/**
 * `srcset="a.png 1x, b.png 2x"`: each candidate's URL is resolved, descriptors kept. Parsed as
 * the HTML spec does (a URL is a run of non-space characters, so a `data:` URL keeps its commas).
 */
export function absoluteSrcset(srcset: string, base: string): string {
  const candidates: string[] = [];
  let rest = srcset;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest === '') break;
    const url = /^\S+/.exec(rest)?.[0] ?? '';
    rest = rest.slice(url.length);
    const trailingCommas = /,+$/.exec(url)?.[0] ?? '';
    const bare = url.slice(0, url.length - trailingCommas.length);
    let descriptor = '';
    if (trailingCommas === '') {
      const end = rest.indexOf(',');
      descriptor = (end < 0 ? rest : rest.slice(0, end)).trim();
      rest = end < 0 ? '' : rest.slice(end);
    }
    candidates.push(descriptor ? `${absoluteUrl(bare, base)} ${descriptor}` : absoluteUrl(bare, base));
  }
  return candidates.join(', ');
}

function resolveAttribute(name: string, value: string, base: string): string {
  if (name === 'srcset') return absoluteSrcset(value, base);
  return URL_ATTRIBUTES.has(name) ? absoluteUrl(value, base) : value;
}

// An opening tag as the HTML tokenizer reads one (WHATWG "Tokenization"), to the extent that
// finding attribute values needs: whitespace is these five characters, and an unquoted value
// runs to whitespace or `>`, so `src=a.png?w=1&h=2` is one value, `=`, `&` and `/` included.
// Unlike a browser, and like CommonMark, no name or unquoted value holds `<`: each try to match
// a tag ends at the next `<` at the latest, so a page of unclosed tags takes linear time.
const SPACE = '[\\t\\n\\f\\r ]';
const NAME = '[^\\t\\n\\f\\r "\'<>/=]+';
const VALUE = `"[^"]*"|'[^']*'|[^\\t\\n\\f\\r "'<>][^\\t\\n\\f\\r <>]*`;
const TAG = new RegExp(`<[a-zA-Z][^\\t\\n\\f\\r /<>]*(?:${SPACE}+${NAME}(?:${SPACE}*=${SPACE}*(?:${VALUE}))?)*${SPACE}*/?>`, 'g');
/** One attribute of a tag: space, name, and an optional `=` with its value as written. */
const ATTRIBUTE = new RegExp(`(${SPACE}+)(${NAME})(?:(${SPACE}*=${SPACE}*)(${VALUE}))?`, 'g');

/**
 * Raw HTML that authors write inside Markdown is not tokenised by markdown-it, so its URL
 * attributes are rewritten here, tag by tag. Character references are decoded before resolving
 * (as in an attribute: `&copy=1` in a query stays text) and the result is re-escaped, so `&amp;`
 * in a query survives and no quote can break out. Raw HTML has no backslash escapes: `a\_b` is
 * three characters, as the browser reads it.
 */
export function absoluteUrlsInHtml(html: string, base: string, md: MarkdownIt): string {
  const { escapeHtml } = md.utils;
  return html.replace(TAG, (tag) =>
    // Within a tag that TAG matched, matching attribute after attribute splits it the same way.
    tag.replace(ATTRIBUTE, (whole, space: string, name: string, equals?: string, value?: string) => {
      const attribute = name.toLowerCase();
      if (value === undefined || (attribute !== 'srcset' && !URL_ATTRIBUTES.has(attribute))) return whole;
      const quoted = value.startsWith('"') || value.startsWith("'");
      const resolved = resolveAttribute(attribute, decodeHTMLAttribute(quoted ? value.slice(1, -1) : value), base);
      return `${space}${name}${equals}"${escapeHtml(resolved)}"`;
    }),
  );
}

function absolutizeToken(token: Token, base: string, md: MarkdownIt): void {
  if (token.type === 'html_block' || token.type === 'html_inline') {
    token.content = absoluteUrlsInHtml(token.content, base, md);
    return;
  }
  for (const attribute of token.attrs ?? []) {
    attribute[1] = resolveAttribute(attribute[0], String(attribute[1]), base);
  }
  for (const child of token.children ?? []) absolutizeToken(child, base, md);
}

/**
 * A markdown-it core rule: every URL in the token stream (links, reference links, images,
 * `#fragment` links, raw HTML attributes) becomes absolute against `env.baseUrl`, the post's
 * own URL, as a reader following it from a feed needs.
 */
export function absoluteUrlsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('absolute_urls', (state: StateCore) => {
    const base = (state.env as { baseUrl?: string }).baseUrl;
    if (!base) return;
    for (const token of state.tokens) absolutizeToken(token, base, md);
  });
}
