import type { Token } from 'markdown-it';

/** The `<!--more-->` marker (Hugo, WordPress, Jekyll): what stands before it is the summary. */
const MORE_MARKER = /<!--\s*more\s*-->/i;

const isMore = (token: Token): boolean =>
  (token.type === 'html_block' || token.type === 'html_inline') && MORE_MARKER.test(token.content);

function inlineText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
    else if (token.type === 'image') text += inlineText(token.children ?? []);
  }
  return text;
}

/**
 * Plain text of everything before the `<!--more-->` marker, or undefined when the body has
 * none. Read from the whole document's tokens so reference links defined below the marker
 * still resolve.
 */
export function teaserText(tokens: readonly Token[]): string | undefined {
  const parts: string[] = [];
  for (const token of tokens) {
    if (isMore(token)) return collapseWhitespace(parts.join(' '));
    if (token.type === 'inline') {
      const children = token.children ?? [];
      const marker = children.findIndex(isMore);
      parts.push(inlineText(marker >= 0 ? children.slice(0, marker) : children));
      if (marker >= 0) return collapseWhitespace(parts.join(' '));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content);
    }
  }
  return undefined;
}

/** The first paragraph's plain text, or '' when the body has none. */
export function firstParagraphText(tokens: readonly Token[]): string {
  const start = tokens.findIndex((token) => token.type === 'paragraph_open');
  const inline = start >= 0 ? tokens[start + 1] : undefined;
  return inline?.type === 'inline' ? collapseWhitespace(inlineText(inline.children ?? [])) : '';
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
