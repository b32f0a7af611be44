import type { Diagnostic, Generator, ParseOutcome, Person, PostMeta, SiteConfig } from '../model.ts';
import { cleanText } from '../text/xml-chars.ts';
import { parseDate, type DateOutcome, type PostDate } from './dates.ts';
import { PostError, postDiagnostic, quoted } from './diagnostic.ts';
import { readFrontMatter, type FrontMatterField } from './front-matter.ts';
import { DEFAULT_PERMALINKS, detectGenerator } from './generators.ts';
import { permalinkPath, type PermalinkParts } from './permalink.ts';
import { tagUri } from '../text/tag-uri.ts';
import { yesNo } from '../text/yes-no.ts';

type Fields = ReadonlyMap<string, FrontMatterField>;

/** Per-call state: the post's key, its fields, and the warnings gathered so far. */
interface Reading {
  key: string;
  fields: Fields;
  site: SiteConfig;
  /** `auto` decided for this post's key alone when the build did not decide it for the site. */
  generator: Generator;
  /** The Markdown has text besides white space. */
  hasBody: boolean;
  warnings: Diagnostic[];
}

/** What the store key alone says about a post. */
interface KeyParts {
  /** File name without extension and Jekyll date; for `dir/index.md`, the directory name. */
  stem: string;
  /** `YYYY-MM-DD` from a Jekyll file name `YYYY-MM-DD-slug.md`. */
  fileDate?: string;
  /** The folders of the key, without Jekyll's `_posts` and a page bundle's own folder. */
  folders: string[];
  /** In a `_posts` folder or named `YYYY-MM-DD-slug.md`: Jekyll's rules apply where Hugo's differ. */
  jekyll: boolean;
}

const JEKYLL_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;
const BUNDLE_INDEX = /^_?index$/;
/** Zola's `path = "2016/05/13/slug"`: the URL, and the date when there is no `date`. */
const DATED_PATH = /(?:^|\/)(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\/|$)/;
const HTTP_URL = /^https?:$/;
/** Anything but whitespace (as `trim` reads it), found without copying a long body. */
const NON_SPACE = /\S/;

/**
 * Front matter + Markdown source → the post's metadata (README "Post format") and body.
 * Pure: no I/O and no clock; `key` is the store key relative to the source prefix.
 */
export function parsePost(key: string, text: string, site: SiteConfig): ParseOutcome {
  const warnings: Diagnostic[] = [];
  try {
    const split = readFrontMatter(key, text);
    if (!split.ok) return split;
    const { fields, body, bodyLine } = split.frontMatter;
    warnings.push(...split.frontMatter.warnings);
    const generator = site.generator === 'auto' ? detectGenerator([key]) : site.generator;
    const reading: Reading = { key, fields, site, generator, hasBody: NON_SPACE.test(body), warnings };
    const params = Object.fromEntries([...fields].map(([name, field]) => [name, field.value]));
    return { ok: true, post: readPost(reading), body, bodyLine, params, warnings };
  } catch (error) {
    return { ok: false, error: toDiagnostic(key, error), warnings };
  }
}

function toDiagnostic(key: string, error: unknown): Diagnostic {
  if (error instanceof PostError) return postDiagnostic(key, error.line, error.message);
  // The YAML and TOML readers hold nesting to a depth with a line; this is what any other
  // structure too deep to walk would give, and it is the post's doing, not ours.
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return postDiagnostic(key, undefined, 'front matter nests lists or mappings too deeply to read; write them flatter');
  }
  // Never let one post take the build down; the message still marks it as our bug.
  const detail = error instanceof Error ? error.message : String(error);
  return postDiagnostic(key, undefined, `could not be read (feedbucket bug: ${detail}); please report it`);
}

function readPost(r: Reading): PostMeta {
  const parts = keyParts(r.key, r.generator);
  const title = readTitle(r, parts);
  const date = readMainDate(r, parts);
  const slug = readText(r, ['slug']);
  const tags = readTerms(r, ['tags', 'tag'], parts.jekyll);
  const categories = readCategories(r, parts);
  const url = readUrl(r, { date, fileStem: parts.stem, title, folders: parts.folders, categories, ...(slug === undefined ? {} : { slug }) });
  const post: PostMeta = {
    key: r.key,
    title,
    date: date.instant,
    updated: readOptionalDate(r, ['lastmod', 'updated', 'modified'])?.instant ?? date.instant,
    draft: readDraft(r),
    slug: slug ?? parts.stem,
    url,
    id: readId(r, url, date),
    tags,
    categories,
    authors: readAuthors(r, url),
  };
  assignOptional(post, 'publishDate', readPublishDate(r)?.instant);
  assignOptional(post, 'expiryDate', readOptionalDate(r, ['expirydate', 'unpublishdate'])?.instant);
  assignOptional(post, 'summary', readSummary(r));
  assignOptional(post, 'excerptSeparator', readText(r, ['excerpt_separator']));
  assignOptional(post, 'image', readImage(r, url));
  assignOptional(post, 'comments', readComments(r, url));
  return post;
}

// Absent optional fields stay absent: PostMeta is stored as JSON in the manifest.
function assignOptional<K extends 'publishDate' | 'expiryDate' | 'summary' | 'excerptSeparator' | 'image' | 'comments'>(
  post: PostMeta,
  name: K,
  value: PostMeta[K],
): void {
  if (value !== undefined) post[name] = value;
}

// --- the key ----------------------------------------------------------------------------

function keyParts(key: string, generator: Generator): KeyParts {
  const folders = key.split('/');
  const file = folders.pop() ?? '';
  const fileStem = file.replace(/\.[^.]*$/, '');
  const jekyll = folders.includes('_posts') || JEKYLL_NAME.test(fileStem);
  // `_posts` is where Jekyll keeps posts, not a section: `blog/_posts/x.md` is in `blog`. At a
  // Hugo or Zola site's root, `content/` is where sections start.
  const siteRoot = generator === 'hugo' || generator === 'zola';
  const segments = folders.filter((folder, i) => folder !== '_posts' && !(siteRoot && i === 0 && folder === 'content'));
  let stem = fileStem;
  // A page bundle (`posts/my-trip/index.md`) is named by its directory.
  if (BUNDLE_INDEX.test(stem) && segments.length > 0) stem = segments.pop() ?? stem;
  const dated = JEKYLL_NAME.exec(stem);
  if (dated?.[1] !== undefined && dated[2] !== undefined) {
    return { stem: dated[2], fileDate: dated[1], folders: segments, jekyll };
  }
  return { stem, folders: segments, jekyll };
}

// --- field access -----------------------------------------------------------------------

/** The first of `names` that is present with a non-null value. */
function firstField(r: Reading, names: readonly string[]): FrontMatterField | undefined {
  for (const name of names) {
    const field = r.fields.get(name);
    if (field !== undefined && field.value !== null && field.value !== undefined) return field;
  }
  return undefined;
}

/** A scalar as text, as written where YAML kept its source (`1.10` stays `1.10`). */
function scalarText(field: FrontMatterField): string | undefined {
  const value = field.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return field.raw ?? String(value);
  }
  return undefined;
}

/** The first of `names` holding non-blank text, trimmed. */
function readText(r: Reading, names: readonly string[]): string | undefined {
  for (const name of names) {
    const field = r.fields.get(name);
    const text = field === undefined ? undefined : scalarText(field)?.trim();
    if (text) return text;
  }
  return undefined;
}

function warn(r: Reading, line: number | undefined, text: string): void {
  r.warnings.push(postDiagnostic(r.key, line, text));
}

// --- title, dates, draft ----------------------------------------------------------------

function readTitle(r: Reading, parts: KeyParts): string {
  const field = firstField(r, ['title']);
  if (field === undefined) return titleFromFileName(r, parts);
  const text = scalarText(field);
  if (text === undefined) {
    throw new PostError(`title is a ${describe(field.value)}, not text; write it as one line of text`, field.line);
  }
  // Characters no feed can carry are not a title: a title of only those would fail every feed.
  const title = cleanText(text).trim();
  if (title === '') throw new PostError('title is empty; give the post a title', field.line);
  return title;
}

/** Jekyll titles a post without `title:` from its file name (`my-first-post` → `My First Post`); a post with no text either is nothing to publish. */
function titleFromFileName(r: Reading, parts: KeyParts): string {
  const title = parts.stem
    .split(/[-_\s]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
  if (!r.hasBody || title === '') throw new PostError('has no title and no text; add a title: line and the post itself');
  warn(r, undefined, `has no title; "${title}" is made from the file name, as Jekyll does; add a title: line to choose it`);
  return title;
}

/**
 * `date`, else the date in the file name (Jekyll, Zola) or in Zola's `path`, else Hugo's other
 * date keys. A `date` that cannot be read gives way to a file name or path date, with a warning.
 */
function readMainDate(r: Reading, parts: KeyParts): PostDate {
  const field = firstField(r, ['date']);
  if (field === undefined) {
    const named = namedDate(r, parts);
    if (named !== undefined && !named.outcome.ok) throw new PostError(named.outcome.message);
    const date = named?.outcome.ok ? named.outcome.date : readOptionalDate(r, ['publishdate', 'pubdate', 'lastmod', 'updated', 'modified']);
    if (date === undefined) throw new PostError('has no date; add date: YYYY-MM-DD (or name the file YYYY-MM-DD-slug.md)');
    return date;
  }
  const written = dateOf(r, field);
  if (written.ok) return written.date;
  const named = namedDate(r, parts);
  if (!named?.outcome.ok) throw new PostError(written.message, field.line);
  const { year, month, day } = named.outcome.date;
  warn(r, field.line, `${written.message}; the date ${named.source} (${year}-${month}-${day}) is used instead`);
  return named.outcome.date;
}

/** The date a post's name carries: its file name's `YYYY-MM-DD-`, else a `YYYY/MM/DD` in Zola's `path`. */
function namedDate(r: Reading, parts: KeyParts): { outcome: DateOutcome; source: string } | undefined {
  const path = readText(r, ['path']);
  const dated = path === undefined ? undefined : DATED_PATH.exec(path);
  const written = parts.fileDate ?? (dated ? `${dated[1]}-${dated[2]?.padStart(2, '0')}-${dated[3]?.padStart(2, '0')}` : undefined);
  if (written === undefined) return undefined;
  const outcome = parseDate(written, r.site.timezone, parts.fileDate ? 'file name date' : 'path date');
  return { outcome, source: parts.fileDate ? 'in the file name' : `in path "${path}"` };
}

/** A date from the first present key of `names`; a value that is no date skips the post. */
function readOptionalDate(r: Reading, names: readonly string[]): PostDate | undefined {
  const field = firstField(r, names);
  if (field === undefined) return undefined;
  const outcome = dateOf(r, field);
  if (!outcome.ok) throw new PostError(outcome.message, field.line);
  return outcome.date;
}

function dateOf(r: Reading, field: FrontMatterField): DateOutcome {
  const text = scalarText(field);
  if (text === undefined) return { ok: false, message: `${field.name} is a ${describe(field.value)}, not a date; use YYYY-MM-DD or RFC 3339` };
  return parseDate(text, r.site.timezone, field.name);
}

function readPublishDate(r: Reading): PostDate | undefined {
  return readOptionalDate(r, ['publishdate', 'pubdate']) ?? publishedAsDate(r);
}

/** Hugo reads `published: 2024-05-01` as the publish date; as a flag it is readDraft's. */
function publishedAsDate(r: Reading): PostDate | undefined {
  const field = firstField(r, ['published']);
  const text = field === undefined ? undefined : scalarText(field);
  if (field === undefined || text === undefined) return undefined;
  const outcome = parseDate(text, r.site.timezone, field.name);
  return outcome.ok ? outcome.date : undefined;
}

function readDraft(r: Reading): boolean {
  return flagSays(r, 'draft', true) || flagSays(r, 'published', false);
}

/**
 * Whether the flag `name` holds `meaning`. A value that is neither true nor false counts as
 * `meaning` when it errs towards not publishing, with a warning.
 */
function flagSays(r: Reading, name: 'draft' | 'published', meaning: boolean): boolean {
  const field = firstField(r, [name]);
  if (field === undefined) return false;
  const flag = booleanOf(field.value);
  if (flag !== undefined) return flag === meaning;
  if (name === 'published' && publishedAsDate(r) !== undefined) return false;
  warn(r, field.line, `${field.name} ${quoted(scalarText(field) ?? describe(field.value))} is not true or false; the post is kept as a draft`);
  return true;
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' ? yesNo(value) : undefined;
}

// --- slug, link, id ---------------------------------------------------------------------

/**
 * `url`/`permalink` as written (Jekyll fills in tokens there too; Hugo takes `url` literally), else
 * Zola's `path`, else the site's pattern.
 */
function readUrl(r: Reading, parts: PermalinkParts): string {
  const field = firstField(r, ['url', 'permalink']);
  const written = field === undefined ? undefined : scalarText(field)?.trim();
  if (field !== undefined && written) {
    const filled = r.generator === 'jekyll' && !URL.canParse(written) ? permalinkPath(written, parts, r.generator) : written;
    const explicit = explicitUrl(filled, r.site.siteUrl);
    if (explicit !== undefined) return explicit;
    warn(r, field.line, `${field.name} ${quoted(written)} is not a web address; the permalink pattern is used instead`);
  }
  const zolaPath = readText(r, ['path']);
  if (zolaPath !== undefined) {
    const path = `/${zolaPath.replace(/^\/+|\/+$/g, '')}`;
    // Zola serves a page at its path as a folder, unless the path names a file.
    return siteRelative(/\.[a-z0-9]+$/i.test(path) ? path : `${path}/`, r.site.siteUrl);
  }
  const pattern = r.site.permalink ?? DEFAULT_PERMALINKS[r.generator];
  return siteRelative(permalinkPath(pattern, parts, r.generator), r.site.siteUrl);
}

/** An absolute http(s) URL as is; anything without a scheme is a path under the site. */
function explicitUrl(written: string, siteUrl: string): string | undefined {
  const absolute = URL.canParse(written) ? new URL(written) : undefined;
  if (absolute !== undefined) return HTTP_URL.test(absolute.protocol) ? absolute.href : undefined;
  return siteRelative(written, siteUrl);
}

/** `/a/` under `https://x.org/blog/` is `https://x.org/blog/a/`, as Hugo and Jekyll read it. */
function siteRelative(path: string, siteUrl: string): string {
  return new URL(path.replace(/^\/+/, ''), siteUrl).href;
}

/**
 * Atom requires ids to be absolute IRIs, and all three formats must carry the same id, so a
 * bare `id: 1234` (WordPress exports, Jekyll `guid`) becomes a tag URI (RFC 4151) that is
 * stable for the post: the site's host, the post's date as written, the id.
 */
function readId(r: Reading, url: string, date: PostDate): string {
  const written = readText(r, ['id', 'guid']);
  if (written === undefined) return url;
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(written) && URL.canParse(written)) return written;
  return tagUri(r.site.siteUrl, `${date.year}-${date.month}-${date.day}`, written);
}

// --- summary, terms, authors, image -----------------------------------------------------

/** The first summary key with non-blank text; kept as plain text, never read as HTML. */
function readSummary(r: Reading): string | undefined {
  for (const name of ['summary', 'description', 'abstract', 'excerpt']) {
    const field = r.fields.get(name);
    if (field === undefined || field.value === null) continue;
    const text = scalarText(field)?.trim();
    if (text === undefined) warn(r, field.line, `${field.name} is a ${describe(field.value)}, not text; it is ignored`);
    else if (text !== '') return text;
  }
  return undefined;
}

/** Jekyll adds the folders above `_posts` (`blog/_posts/x.md` is in `blog`) before the post's own. */
function readCategories(r: Reading, parts: KeyParts): string[] {
  const own = readTerms(r, ['categories', 'category'], parts.jekyll);
  if (r.generator !== 'jekyll' || !r.key.split('/').includes('_posts')) return own;
  return [...new Set([...parts.folders, ...own])];
}

/**
 * A string or a list; null, blank and repeated entries dropped, first occurrence kept. Zola
 * keeps them under `[taxonomies]`.
 */
function readTerms(r: Reading, names: readonly string[], jekyll: boolean): string[] {
  const field = firstField(r, names) ?? taxonomyField(r, names[0] ?? '');
  if (field === undefined) return [];
  const entries = termEntries(field, jekyll);
  const terms = new Set<string>();
  const notText: unknown[] = [];
  for (const entry of entries) {
    const text = termText(entry);
    if (text === undefined) notText.push(entry);
    else if (text !== '') terms.add(text);
  }
  // One warning per list, however many entries are wrong.
  if (notText.length === 1) warn(r, field.line, `${field.name} has a ${describe(notText[0])} entry; write each entry as text`);
  if (notText.length > 1) {
    warn(r, field.line, `${field.name} has ${notText.length} entries that are not text, the first a ${describe(notText[0])}; write each entry as text`);
  }
  if (terms.size > MAX_TERMS) {
    throw new PostError(
      `${field.name} has ${terms.size.toLocaleString('en')} entries, more than the ${MAX_TERMS} a post may have (each is a feed of its own); ` +
        'keep the ones readers would follow',
      field.line,
    );
  }
  return [...terms];
}

/** Zola's `[taxonomies]` table, `tags = [...]` inside it, as a field of its own. */
function taxonomyField(r: Reading, name: string): FrontMatterField | undefined {
  const table = firstField(r, ['taxonomies']);
  if (table === undefined || typeof table.value !== 'object' || Array.isArray(table.value)) return undefined;
  const value = lowerCaseKeys(table.value as Record<string, unknown>).get(name);
  if (value === undefined || value === null) return undefined;
  return { name: `taxonomies.${name}`, value, ...(table.line === undefined ? {} : { line: table.line }) };
}

/**
 * Tags, and categories, per post. Real posts have a handful; each term is three feed files, so a
 * generated list (a sentence split into words, an export gone wrong) would publish thousands.
 * Such a post is skipped, not cut short: the first 100 of a broken list are no better, and feeds
 * published for them would all be deleted again once it is fixed. Its last good version stays.
 */
const MAX_TERMS = 100;

/** Jekyll reads a string under a plural key as a list: `tags: ruby jekyll` is two tags. */
const JEKYLL_LIST_KEYS = new Set(['tags', 'categories']);
/** Ruby's `String#split` with no pattern: runs of ASCII whitespace. */
const RUBY_WHITESPACE = /[ \t\n\v\f\r]+/;

/**
 * A list is the entries as written. A string is one term (Hugo; Jekyll's singular `tag:` and
 * `category:`), except under Jekyll's `tags:` and `categories:`, which split it on whitespace.
 */
function termEntries(field: FrontMatterField, jekyll: boolean): unknown[] {
  const { value } = field;
  if (Array.isArray(value)) return value;
  if (jekyll && typeof value === 'string' && JEKYLL_LIST_KEYS.has(field.name.toLowerCase())) {
    return value.split(RUBY_WHITESPACE);
  }
  return [value];
}

/**
 * An entry as the term it names: without characters XML cannot carry (so the feeds, the slug and
 * the de-duplication all see the same text), trimmed; `''` for none.
 */
function termText(entry: unknown): string | undefined {
  if (entry === null || entry === undefined) return '';
  if (typeof entry === 'object') return undefined;
  return cleanText(String(entry)).trim();
}

function readAuthors(r: Reading, postUrl: string): Person[] {
  const field = firstField(r, ['author', 'authors', 'by']);
  if (field === undefined) return [];
  const entries = Array.isArray(field.value) ? field.value : [field.value];
  const authors: Person[] = [];
  for (const entry of entries) {
    const person = toPerson(r, field, entry, postUrl);
    if (person !== undefined && !authors.some((known) => known.name === person.name)) authors.push(person);
  }
  return authors;
}

function toPerson(r: Reading, field: FrontMatterField, entry: unknown, postUrl: string): Person | undefined {
  if (entry === null || entry === undefined) return undefined;
  if (typeof entry !== 'object') return personName(r, field, String(entry).trim());
  if (Array.isArray(entry)) {
    warn(r, field.line, `${field.name} has a list inside the list; write one name or {name, email, url} per entry`);
    return undefined;
  }
  const props = lowerCaseKeys(entry as Record<string, unknown>);
  const written = textProp(props, 'name');
  if (written === undefined) {
    warn(r, field.line, `${field.name} has an entry without a name; add name: to it`);
    return undefined;
  }
  const person = personName(r, field, written);
  if (person === undefined) return undefined;
  const email = textProp(props, 'email');
  if (email !== undefined) {
    const address = emailAddress(r, field, email);
    if (address !== undefined) person.email = address;
  }
  const url = textProp(props, 'url');
  if (url !== undefined) {
    const absolute = absoluteHttpUrl(url, postUrl);
    if (absolute === undefined) warn(r, field.line, `${field.name} url ${quoted(url)} is not a web address; it is left out`);
    else person.url = absolute;
  }
  return person;
}

/**
 * A person named `written` (trimmed), cleaned as titles are: a name of only characters no feed
 * can carry would be an empty `<name/>`, so that author is left out, with a warning (the site
 * author applies when none is left). A blank name is no author, silently.
 */
function personName(r: Reading, field: FrontMatterField, written: string): Person | undefined {
  if (written === '') return undefined;
  const name = cleanText(written).trim();
  if (name !== '') return { name };
  warn(
    r,
    field.line,
    `${field.name} has a name made only of characters a feed cannot carry (such as control characters); it is left out; write the name as text`,
  );
  return undefined;
}

/**
 * Shaped like an addr-spec (`name@example.com`): RFC 4287 requires one in an Atom `<email>`,
 * and obfuscated addresses (`ada at example dot com`) are common. Unquoted, neither side may
 * hold whitespace, `@` or the specials of RFC 5322 (`<ada@example.com>`, `mailto:` are not one).
 */
const ADDR_SPEC = /^[^@\s<>()[\]\\,;:"]+@[^@\s<>()[\]\\,;:"]+\.[^@\s<>()[\]\\,;:".]+$/;

/** `written` if it is an e-mail address; otherwise it is left out, with a warning. */
function emailAddress(r: Reading, field: FrontMatterField, written: string): string | undefined {
  const address = cleanText(written).trim();
  if (ADDR_SPEC.test(address)) return address;
  warn(
    r,
    field.line,
    `${field.name} email ${quoted(address)} is not an e-mail address; it is left out; write it as name@example.com, or remove email:`,
  );
  return undefined;
}

function readImage(r: Reading, postUrl: string): string | undefined {
  const field = firstField(r, ['image', 'cover']);
  if (field === undefined) return undefined;
  const written = imageText(field.value);
  if (written === undefined || written === '') {
    warn(r, field.line, `${field.name} has no image address; write a URL, or {url: …}`);
    return undefined;
  }
  const absolute = absoluteHttpUrl(written, postUrl);
  if (absolute === undefined) warn(r, field.line, `${field.name} ${quoted(written)} is not a web address; it is left out`);
  return absolute;
}

/**
 * A path (`/talk/`, `./thread/`, `../thread/`, `#comments`, `?page=2`) rather than a word or a host:
 * themes name a comment provider here (`comments: disqus`, `giscus.app`), which would otherwise
 * become a page beside the post.
 */
const RELATIVE_REFERENCE = /^(?:\/|\.\.?\/|#|\?)/;

/**
 * Where the post is discussed: the first of `comments`, `discussion` holding a URL, resolved
 * against the post's URL. Jekyll and Hugo themes use `comments: true`/`false` to switch a comment
 * section on or off; a flag says nothing about where, so it is passed over without a warning.
 */
function readComments(r: Reading, postUrl: string): string | undefined {
  for (const name of ['comments', 'discussion']) {
    const field = r.fields.get(name);
    if (field === undefined || field.value === null || booleanOf(field.value) !== undefined) continue;
    const written = scalarText(field)?.trim();
    if (written === '') continue;
    const absolute = typeof field.value === 'string' && written !== undefined ? discussionUrl(written, postUrl) : undefined;
    if (absolute !== undefined) return absolute;
    const what = written === undefined ? `is a ${describe(field.value)}, not` : `${quoted(written)} is not`;
    warn(r, field.line, `${field.name} ${what} a web address; it is left out; write the URL of the post's discussion (https://… or a path such as ../thread/)`);
  }
  return undefined;
}

function discussionUrl(written: string, postUrl: string): string | undefined {
  return URL.canParse(written) || RELATIVE_REFERENCE.test(written) ? absoluteHttpUrl(written, postUrl) : undefined;
}

/** `image: a.png`, or an object such as Hugo themes' `cover: {image: a.png}` or `{url|src: …}`. */
function imageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const props = lowerCaseKeys(value as Record<string, unknown>);
  return textProp(props, 'url') ?? textProp(props, 'src') ?? textProp(props, 'image');
}

/** Resolved as a browser would from the post's page; only http(s) results are kept. */
function absoluteHttpUrl(written: string, base: string): string | undefined {
  if (!URL.canParse(written, base)) return undefined;
  const url = new URL(written, base);
  return HTTP_URL.test(url.protocol) ? url.href : undefined;
}

function lowerCaseKeys(object: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const [k, v] of Object.entries(object)) map.set(k.toLowerCase(), v);
  return map;
}

function textProp(props: Map<string, unknown>, name: string): string | undefined {
  const value = props.get(name);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping (key: value pairs)';
  return typeof value;
}
