/**
 * A post's site-relative path from a permalink pattern, with each token read as the post's
 * generator reads it (Hugo and Jekyll docs; Zola names pages by their slug).
 */
import slugify from '@sindresorhus/slugify';
import type { Generator } from '../model.ts';
import type { PostDate } from './dates.ts';

/** What a post's URL can be made of. */
export interface PermalinkParts {
  date: Pick<PostDate, 'year' | 'month' | 'day'>;
  /** `slug:` from front matter, when given. */
  slug?: string;
  /** The file name without extension and Jekyll date (a page bundle's folder name). */
  fileStem: string;
  title: string;
  /** The folders between the source and the file (`_posts` and a bundle's own folder left out). */
  folders: readonly string[];
  categories: readonly string[];
}

const TOKEN = /:(i_month|i_day|short_year|monthname|long_month|short_month|y_day|yearday|year|month|day|slugorfilename|slug|title|filename|name|sections|section|categories|output_ext)/g;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Jekyll's `URL.escape_path` leaves RFC 3986's sub-delimiters in a path as they are. */
const SUB_DELIMITERS = /%(?:24|26|2B|2C|3B|3D|40)/gi;

/** A single path segment: a `/` inside a name must not make a folder. */
const encodeSegment = (text: string) => encodeURIComponent(text).replace(/%2F/gi, '-');

/** One path segment as the generator writes it: Hugo lower-cases and hyphenates spaces, as it does by default. */
function segmentWriter(generator: Generator): (text: string) => string {
  if (generator === 'hugo') return (text) => encodeSegment(text.toLowerCase().replace(/\s+/g, '-'));
  if (generator === 'jekyll') return (text) => encodeSegment(text).replace(SUB_DELIMITERS, decodeURIComponent);
  return encodeSegment;
}

/** The path (starting with `/`) for `pattern`, each token read as `generator` reads it. */
export function permalinkPath(pattern: string, parts: PermalinkParts, generator: Generator): string {
  const segment = segmentWriter(generator);
  const literal = generator === 'hugo' ? pattern.toLowerCase() : pattern;
  return literal.replace(TOKEN, (_match, token: string) => tokenValue(token, parts, generator, segment)).replace(/\/{2,}/g, '/');
}

function tokenValue(token: string, parts: PermalinkParts, generator: Generator, segment: (text: string) => string): string {
  const { year, month, day } = parts.date;
  switch (token) {
    case 'year':
      return year;
    case 'month':
      return month;
    case 'day':
      return day;
    case 'i_month':
      return String(Number(month));
    case 'i_day':
      return String(Number(day));
    case 'short_year':
      return year.slice(-2);
    case 'monthname':
    case 'long_month':
      return MONTHS[Number(month) - 1] ?? month;
    case 'short_month':
      return (MONTHS[Number(month) - 1] ?? month).slice(0, 3);
    case 'y_day':
    case 'yearday':
      return String(dayOfYear(parts.date)).padStart(token === 'y_day' ? 3 : 1, '0');
    case 'slug':
      return segment(slugOf(parts, generator));
    case 'title':
      return segment(titleOf(parts, generator));
    case 'filename':
    case 'name':
      return segment(parts.fileStem);
    case 'slugorfilename':
      return segment(parts.slug ?? parts.fileStem);
    case 'section':
      return segment(parts.folders[0] ?? '');
    case 'sections':
      return parts.folders.map(segment).join('/');
    case 'categories':
      // Jekyll: each category lower-cased, one folder each.
      return parts.categories.map((category) => segment(category.toLowerCase())).join('/');
    default:
      return '.html'; // :output_ext
  }
}

function slugOf(parts: PermalinkParts, generator: Generator): string {
  const name = parts.slug ?? parts.fileStem;
  switch (generator) {
    case 'jekyll':
      return jekyllSlugify(name, 'default');
    case 'zola':
      return zolaSlugify(name);
    default:
      return name;
  }
}

/** Jekyll's `:title` is the file's (or `slug`'s) name, keeping case; Hugo's is the title, made a path. */
function titleOf(parts: PermalinkParts, generator: Generator): string {
  if (generator === 'jekyll') return jekyllSlugify(parts.slug ?? parts.fileStem, 'pretty');
  return parts.title.trim().replace(/\s+/g, '-').replace(/[^\p{L}\p{M}\p{N}\-._~]/gu, '');
}

/**
 * Zola's `slug` crate: accents and ligatures to ASCII (`Über` → `uber`, `ß` → `ss`), lower case,
 * every other character a separator (`Don't` → `don-t`, `&` dropped).
 */
function zolaSlugify(name: string): string {
  const unaccented = name.normalize('NFKD').replace(/\p{M}/gu, '');
  return slugify(unaccented, { decamelize: false, customReplacements: [['&', ' '], ["'", ' '], ['’', ' ']] });
}

/** Jekyll's `Utils.slugify`: `default` keeps letters and digits, lower-cased; `pretty` keeps some punctuation and the case. */
function jekyllSlugify(name: string, mode: 'default' | 'pretty'): string {
  const drop = mode === 'pretty' ? /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu : /[^\p{M}\p{L}\p{Nd}]+/gu;
  const slug = name.replace(drop, '-').replace(/^-+|-+$/g, '');
  return mode === 'pretty' ? slug : slug.toLowerCase();
}

function dayOfYear({ year, month, day }: PermalinkParts['date']): number {
  const start = Date.UTC(2000, 0, 1);
  const date = new Date(start);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  const first = new Date(start);
  first.setUTCFullYear(Number(year), 0, 1);
  return Math.round((date.getTime() - first.getTime()) / 86_400_000) + 1;
}
