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

/**
 * Renders a post body once for every feed that contains it. The summary:
 * an explicit front-matter summary, else the text before `<!--more-->`, else the first paragraph.
 */
export function renderPost(body: string, postUrl: string, explicitSummary?: string): RenderedPost {
  const md = renderer();
  const env = { baseUrl: postUrl };
  const tokens = md.parse(body, env);
  const html = md.renderer.render(tokens, md.options, env);
  return { html, summary: summaryOf(tokens, explicitSummary) };
}

function summaryOf(tokens: Token[], explicitSummary?: string): string {
  if (explicitSummary !== undefined && explicitSummary.trim() !== '') return collapseWhitespace(explicitSummary);
  const teaser = teaserText(tokens);
  return teaser ? teaser : firstParagraphText(tokens);
}
