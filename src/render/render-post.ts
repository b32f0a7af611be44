import markdownIt, { type MarkdownIt, type Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from '../posts/diagnostic.ts';
import { expandTemplates, type TemplatePost, type TemplateSite } from '../templates/expand.ts';
import { useLinearFootnoteTail } from './footnote-tail.ts';
import type { LinkIndex, LinkUse } from '../templates/internal-links.ts';
import { postLinks } from './post-links.ts';
import { htmlDepth, MAX_HTML_DEPTH, textOnly } from './html-depth.ts';
import { safeHtml } from './safe-html.ts';
import { collapseWhitespace, firstParagraphText, teaserText } from './summary.ts';

export interface RenderedPost {
  /** Safe HTML with every URL absolute. */
  html: string;
  /** Plain text. */
  summary: string;
  /** The internal links it resolved; absent when none. */
  links?: LinkUse[];
}

export interface Rendering {
  rendered: RenderedPost;
  /** Template syntax that could not be expanded and links to no post: reported when the post renders. */
  warnings: Diagnostic[];
}

export interface RenderSite extends TemplateSite {
  links: LinkIndex;
}

let markdown: MarkdownIt | undefined;

function renderer(): MarkdownIt {
  // Raw HTML stays on: authors embed figures, tables and <details> in real posts; the safe-HTML
  // stage keeps what readers keep. Footnotes, as Hugo, kramdown and Zola render them.
  if (markdown === undefined) {
    markdown = markdownIt({ html: true, linkify: false, typographer: false }).use(footnote);
    // The plugin's own last step is quadratic in the number of footnotes.
    useLinearFootnoteTail(markdown);
  }
  return markdown;
}

/** What a post's front matter says of its summary. */
export interface SummaryHints {
  summary?: string;
  /** Jekyll's `excerpt_separator`. */
  excerptSeparator?: string;
}

export interface PostToRender extends TemplatePost, SummaryHints {}

/**
 * Renders a post body once for every feed that contains it: template syntax expanded, Markdown
 * rendered, HTML made safe with every URL absolute. The summary: an explicit front-matter
 * summary, else the text before the post's `excerpt_separator` or `<!--more-->`, else the first
 * paragraph.
 */
export function renderPost(body: string, post: PostToRender, site: RenderSite): Rendering {
  const md = renderer();
  const links = postLinks(site.links, post.key);
  const render = (text: string, inline: boolean) => (inline ? md.renderInline(text) : md.render(text));
  const expanded = expandTemplates(body, post, site, { md, render, link: links.link });
  const source = expanded.markdown;
  const tokens = md.parse(source, {});
  const markup = expanded.placeholders.toHtml(md.renderer.render(tokens, md.options, {}));
  const depth = htmlDepth(markup);
  const tooDeep = depth > MAX_HTML_DEPTH;
  const html = tooDeep ? textOnly(markup) : safeHtml(markup, post.url);
  const separator = post.excerptSeparator?.trim() ? post.excerptSeparator : undefined;
  const at = separator === undefined ? -1 : source.indexOf(separator);
  // Only a post's own separator costs a second parse; Jekyll's default (a blank line) is the first paragraph.
  const teaserTokens = at === -1 ? tokens : md.parse(`${source.slice(0, at)}\n\n<!--more-->\n`, {});
  const summary = expanded.placeholders.toText(summaryOf(tokens, teaserTokens, post.summary));
  const rendered: RenderedPost = { html, summary, ...(links.uses.length > 0 ? { links: links.uses } : {}) };
  const depthWarning = tooDeep
    ? [postDiagnostic(post.key, undefined, `its HTML nests ${depth.toLocaleString('en')} elements deep, more than the ${MAX_HTML_DEPTH} a reader shows; it is published as text without markup; close the tags it opens`)]
    : [];
  return { rendered, warnings: [...expanded.warnings, ...links.warnings, ...depthWarning] };
}

function summaryOf(tokens: Token[], teaserTokens: Token[], explicitSummary?: string): string {
  if (explicitSummary !== undefined && explicitSummary.trim() !== '') return collapseWhitespace(explicitSummary);
  const teaser = teaserText(teaserTokens);
  return teaser ? teaser : firstParagraphText(tokens);
}
