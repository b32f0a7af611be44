import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import { absoluteUrlsPlugin } from './absolute-urls.ts';
import { collapseWhitespace, firstParagraphText, teaserText } from './summary.ts';

export interface RenderedPost {
  /** HTML with every URL absolute. */
  html: string;
  /** Plain text. */
  summary: string;
}

let markdown: MarkdownIt | undefined;

function renderer(): MarkdownIt {
  // Raw HTML stays on: authors embed figures, iframes and <sup> in real posts.
  markdown ??= markdownIt({ html: true, linkify: false, typographer: false }).use(absoluteUrlsPlugin);
  return markdown;
}

/** What a post's front matter says of its summary. */
export interface SummaryHints {
  summary?: string;
  /** Jekyll's `excerpt_separator`. */
  excerptSeparator?: string;
}

/**
 * Renders a post body once for every feed that contains it. The summary: an explicit
 * front-matter summary, else the text before the post's `excerpt_separator` or `<!--more-->`,
 * else the first paragraph.
 */
export function renderPost(body: string, postUrl: string, hints: SummaryHints = {}): RenderedPost {
  const md = renderer();
  const env = { baseUrl: postUrl };
  const tokens = md.parse(body, env);
  const html = md.renderer.render(tokens, md.options, env);
  const separator = hints.excerptSeparator?.trim() ? hints.excerptSeparator : undefined;
  const at = separator === undefined ? -1 : body.indexOf(separator);
  // Only a post's own separator costs a second parse; Jekyll's default (a blank line) is the first paragraph.
  const teaserTokens = at === -1 ? tokens : md.parse(`${body.slice(0, at)}\n\n<!--more-->\n`, env);
  return { html, summary: summaryOf(tokens, teaserTokens, hints.summary) };
}

function summaryOf(tokens: Token[], teaserTokens: Token[], explicitSummary?: string): string {
  if (explicitSummary !== undefined && explicitSummary.trim() !== '') return collapseWhitespace(explicitSummary);
  const teaser = teaserText(teaserTokens);
  return teaser ? teaser : firstParagraphText(tokens);
}
