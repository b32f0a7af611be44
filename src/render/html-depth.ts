import { decodeHTML, escapeText } from 'entities';

/**
 * Elements nested deeper than this are more than a reader shows (browsers stop nesting at 512),
 * and past it the HTML parser under sanitize-html slows with the square of the depth: 200,000
 * unclosed `<b>` took 25 s, enough to time out every run that renders the post.
 */
export const MAX_HTML_DEPTH = 512;

/** Elements that never hold others, so a start tag alone opens nothing. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** A start or end tag; `[^<>]` keeps an unclosed `<a` from scanning the rest of the text again and again. */
const TAG = /<(\/?)([A-Za-z][^\s/<>]*)[^<>]*?(\/?)>/g;

/** How deep `html`'s elements nest at most, counted in one pass: start tags open, end tags close, whatever their names. */
export function htmlDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, end, name = '', selfClosed] of html.matchAll(TAG)) {
    if (end) depth = Math.max(0, depth - 1);
    else if (!selfClosed && !VOID_ELEMENTS.has(name.toLowerCase())) deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/** The text of `html` without its markup, as one escaped paragraph: what is left to show of HTML nested too deeply. */
export function textOnly(html: string): string {
  const text = decodeHTML(html.replace(/<[^<>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return text === '' ? '' : `<p>${escapeText(text)}</p>`;
}
