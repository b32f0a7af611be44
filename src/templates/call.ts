import type { Arguments } from './arguments.ts';
import type { LinkKind } from './internal-links.ts';
import type { Tag } from './scan.ts';

/** One tag (with its closing tag, if paired) to expand. */
export interface Call {
  tag: Tag;
  args: Arguments;
  /** A paired tag's content as Markdown, its own tags already expanded; undefined for a single tag. */
  inner?: string;
  /** The tag (and its close) stand on lines of their own. */
  ownLine: boolean;
  /** The character that follows the tag (or its close). */
  next: string;
  /** File line of the tag. */
  line: number;
}

/** What a call leaves in the Markdown. */
export type Output =
  /** Markdown text, read by the renderer like the author's (a URL, a site variable's value). */
  | { kind: 'markdown'; text: string }
  /** HTML, placed after rendering; `text` stands for it in plain-text summaries. */
  | { kind: 'html'; html: string; text: string }
  /**
   * Not ours to run: a single tag is removed (but for the text it shows, such as a tooltip's
   * `text`), a paired one leaves its content; the author is told.
   */
  | { kind: 'unknown'; text?: string }
  /** Liquid logic that cannot run without the site: its tags go, the text between them stays. */
  | { kind: 'control' };

/** The site's values that templates print. */
export interface SiteValues {
  /** Absolute, ending in `/`. */
  siteUrl: string;
  title: string;
  description: string;
  author?: string;
  /** The values of the site's config file (`_config.yml`, `hugo.toml`, `zola.toml`…). */
  data: Readonly<Record<string, unknown>>;
}

/** What a handler may ask of the post being expanded. */
export interface CallContext {
  site: SiteValues;
  page: { url: string; title: string; params: Readonly<Record<string, unknown>> };
  /** The absolute URL of a linked post (or the site URL of a path that is not one, with a warning). */
  link(kind: LinkKind, target: string, line: number): string;
  /** Markdown rendered as HTML, its placeholders already replaced. */
  markdown(text: string, inline: boolean): string;
  /** Markdown with its placeholders as their plain text. */
  plain(markdown: string): string;
}

export type Handler = (call: Call, context: CallContext) => Output;
