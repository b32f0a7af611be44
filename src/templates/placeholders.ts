/**
 * HTML that a tag produces stands in the Markdown as a placeholder, so that Markdown never
 * re-reads it (as Hugo does with its shortcodes), and takes its place in the rendered HTML.
 * A tag alone on its lines becomes an HTML comment line, which ends the paragraph around it as a
 * block would; a tag within a line becomes private-use text, which stays inline.
 */
export interface Placeholders {
  /** For a tag on lines of its own. */
  block(html: string, text: string): string;
  /** For a tag within a line. */
  inline(html: string, text: string): string;
  /** Rendered HTML with each placeholder replaced by its HTML. */
  toHtml(html: string): string;
  /** Text (Markdown or plain) with each placeholder replaced by its plain text. */
  toText(text: string): string;
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const BLOCK_HTML = /^<(?:address|article|aside|blockquote|details|div|dl|figure|h[1-6]|hr|ol|p|pre|section|table|ul|video|audio)\b/i;

export function placeholders(body: string): Placeholders {
  const stored: { html: string; text: string }[] = [];
  // A prefix the author's text does not hold, so that no comment of theirs is taken for ours.
  let prefix = 'feedbucket-';
  while (body.includes(prefix)) prefix += 'x';
  const pattern = new RegExp(`<p>${OPEN}(\\d+)${CLOSE}</p>\\n?|${OPEN}(\\d+)${CLOSE}|<!--${prefix}(\\d+)-->\\n?`, 'g');
  const add = (html: string, text: string): number => stored.push({ html, text }) - 1;
  const entryOf = (index: string | undefined) => (index === undefined ? undefined : stored[Number(index)]);
  return {
    block: (html, text) => `<!--${prefix}${add(html, text)}-->`,
    inline: (html, text) => `${OPEN}${add(html, text)}${CLOSE}`,
    toHtml: (html) =>
      html.replace(pattern, (whole, paragraph?: string, inline?: string, block?: string) => {
        const entry = entryOf(paragraph ?? inline ?? block);
        if (entry === undefined) return whole;
        if (inline !== undefined) return entry.html;
        // Standing alone, block HTML replaces its paragraph, and inline HTML gets one.
        return BLOCK_HTML.test(entry.html) ? `${entry.html}\n` : `<p>${entry.html}</p>\n`;
      }),
    toText: (text) => text.replace(pattern, (whole, paragraph?: string, inline?: string, block?: string) => entryOf(paragraph ?? inline ?? block)?.text ?? whole),
  };
}
