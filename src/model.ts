/** The resolved, validated configuration of one build (see src/config). */
export interface SiteConfig {
  /** Absolute http(s) URL, always ending in `/`. */
  siteUrl: string;
  title: string;
  description: string;
  /** BCP 47 tag, e.g. `en`, `de-CH`. */
  language: string;
  author?: string;
  /** A directory, or `s3://bucket/prefix/`. */
  source: string;
  out: string;
  limit: number;
  /** The most bytes one feed document may have; older items are left out until it fits. */
  maxBytes: number;
  /** Whose conventions the posts follow; `auto` detects it from the source's keys. */
  generator: GeneratorSetting;
  /** Explicit post URL pattern (see `PERMALINK_TOKENS`); absent: the generator's own default. */
  permalink?: string;
  /** IANA zone applied to dates written without an offset. */
  timezone: string;
  /** Glob patterns (relative to `source`) of Markdown files that are not posts. */
  exclude: string[];
  /** Where each format's feed files go under `out`. */
  feeds: FeedPaths;
  /** The site's own shortcodes: name → HTML template (see src/templates/site-shortcodes.ts). */
  shortcodes: Readonly<Record<string, string>>;
  /** WebSub hubs (absolute http(s) URLs) the feeds name and a build tells of changed feeds; absent: none. */
  hub?: string[];
  /** RSS and Atom name a stylesheet and are served as XML, so a person who opens one in a browser reads a page. */
  browserView: boolean;
  /** Posts older than the subscription feeds hold are published in RFC 5005 archive documents, linked from each feed. */
  archives: boolean;
}

export type Generator = 'hugo' | 'jekyll' | 'zola' | 'plain';
export type GeneratorSetting = Generator | 'auto';

/** Output key patterns of one format: the main feed's, and the term feeds' with `:slug`. */
export interface FeedPathPatterns {
  main: string;
  tags: string;
  categories: string;
}

export type FeedPaths = Readonly<Record<FeedFormat, FeedPathPatterns>>;

export interface Person {
  name: string;
  email?: string;
  url?: string;
}

/**
 * Everything selection and the feeds need of one post, without its body.
 * Plain JSON (it is stored in the manifest); instants are ISO 8601 UTC strings
 * (`2017-09-14T00:14:21.000Z`), so they sort as text.
 */
export interface PostMeta {
  /** The store key, relative to the source prefix: `2017/xen.md`. */
  key: string;
  title: string;
  date: string;
  updated: string;
  publishDate?: string;
  expiryDate?: string;
  draft: boolean;
  slug: string;
  /** Absolute permalink. */
  url: string;
  /** `id`/`guid` from front matter, else the permalink. */
  id: string;
  /** An explicit summary from front matter, as plain text. */
  summary?: string;
  /** Jekyll's `excerpt_separator`: the summary is the text before it. */
  excerptSeparator?: string;
  tags: string[];
  categories: string[];
  /** Empty means the site author. */
  authors: Person[];
  /** Absolute URL. */
  image?: string;
  /** Absolute URL of the post's discussion (`comments`/`discussion`). */
  comments?: string;
}

/** A post-level problem: the post is skipped (error) or published anyway (warning). */
export interface Diagnostic {
  key: string;
  line?: number;
  message: string;
}

export type ParseOutcome =
  | {
      ok: true;
      post: PostMeta;
      body: string;
      /** File line of the body's first line. */
      bodyLine: number;
      /** Every front-matter value by lower-cased key, for templates that print them (`{{< param x >}}`). */
      params: Record<string, unknown>;
      warnings: Diagnostic[];
    }
  | { ok: false; error: Diagnostic; warnings: Diagnostic[] };

/** One entry of a feed document, identical for all three formats. */
export interface FeedItem {
  id: string;
  url: string;
  /** Plain text. */
  title: string;
  /** Item HTML with every URL absolute. */
  html: string;
  /** Plain text. */
  summary: string;
  published: string;
  updated: string;
  /** The post's categories first, then its tags; plain text. */
  categories: string[];
  /** Never empty when the site has an author. */
  authors: Person[];
  image?: string;
  /** Absolute URL of the item's discussion. */
  comments?: string;
}

export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
}

/** The validated model every format is rendered from. */
export interface FeedDocument {
  title: string;
  description: string;
  language: string;
  /** The site's home page. */
  homePageUrl: string;
  /** Absolute URLs of this feed in each format (self and alternates). */
  links: FeedLinks;
  /** Stable feed id (Atom `id`). */
  id: string;
  /** WebSub hubs readers may subscribe at; absent when the site names none, so the bytes stay as before. */
  hubs?: string[];
  /** Where it stands in its feed's history (RFC 5005); absent: a feed that left older posts out, with no archive. */
  history?: FeedHistory;
  /** Absolute URL of the CSS a browser shows an XML format with; absent: none is named. */
  stylesheet?: string;
  author?: Person;
  /** The newest item update; never the build time. */
  updated: string;
  /** Newest first; at least one. */
  items: FeedItem[];
}

export type FeedFormat = keyof FeedLinks;

/** One feed's (or one archive's) files under `out`: a key per format. */
export type FeedFiles = Readonly<Record<FeedFormat, string>>;

/** RFC 5005: a document is one of these, never two (an archive is never complete). */
export type FeedHistory =
  /** A subscription feed that holds every post of its feed (`fh:complete`): a reader that has it has the whole history. */
  | { kind: 'complete' }
  /** A subscription feed whose older posts are in archives, the newest of them at `prevArchive` (`prev-archive`). */
  | { kind: 'archived'; prevArchive: FeedLinks }
  /** An archive (`fh:archive`) of the feed at `current`; `prevArchive`: the archive of the posts just older, if any. */
  | { kind: 'archive'; current: FeedLinks; prevArchive?: FeedLinks };

/**
 * What a file under `out` is to readers and caches, which decides how long they may keep it
 * (src/pipeline/cache-control.ts): a subscription feed, an archive document (named for its
 * content, so never changed under its name), a page or stylesheet, or the build's own state (the
 * manifest).
 */
export type OutputKind = 'feed' | 'archive' | 'page' | 'state';

/**
 * A file's text in pieces, encoded piece by piece when written: an item is one string shared by every
 * document holding it, so a run holds each post's item once, not once per feed and archive.
 */
export type FileText = readonly string[];

/** A file the build wants under `out`. */
export interface OutputFile {
  key: string;
  kind: OutputKind;
  contentType: string;
  body: FileText;
}
