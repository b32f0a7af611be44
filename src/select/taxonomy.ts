import slugify from '@sindresorhus/slugify';
import { createHash } from 'node:crypto';
import type { PostMeta } from '../model.ts';
import { compareKeys } from '../text/compare.ts';

export type TaxonomyKind = 'tags' | 'categories';

export interface Term {
  kind: TaxonomyKind;
  /** A single safe path segment: `tags/<slug>/rss.xml`. */
  slug: string;
  /** The display name: the spelling most posts use. */
  name: string;
  /** Newest first, as the input. */
  posts: PostMeta[];
}

/** `C++`, `C#` and `C` must not share a feed. */
const REPLACEMENTS: [string, string][] = [
  ['&', ' and '],
  ['+', ' plus '],
  ['#', ' sharp '],
  ['@', ' at '],
];

/**
 * A term's path segment: transliterated ASCII where the script allows (`Straße` → `strasse`),
 * else the lower-cased letters and digits of any script (`日本語`), else a hash. Never `.`,
 * `..`, empty, containing a separator, or longer than {@link MAX_SLUG_BYTES}.
 */
export function termSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) slugs.set(name, (slug = capSlug(computeSlug(name))));
  return slug;
}

/** Transliteration is the costly part of grouping 10,000 posts; a blog has few distinct terms. */
const slugs = new Map<string, string>();

function computeSlug(name: string): string {
  const ascii = slugify(name, { customReplacements: REPLACEMENTS });
  if (ascii !== '') return ascii;
  const unicode = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (unicode !== '') return unicode;
  return `term-${shortHash(name)}`;
}

/**
 * UTF-8 bytes a slug may take: far below the 255 bytes a file name may have on common file
 * systems (a 40×`日本語` tag slugs to 360), so a path under `out` can be written anywhere.
 */
export const MAX_SLUG_BYTES = 64;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A longer slug is cut to whole characters (at a `-` when one is in its second half), then gets
 * `-` and a hash of the whole slug: long terms that differ only past the cut keep their own
 * feeds, and spellings that slug the same (`Rust`, `rust`) still share one.
 */
function capSlug(slug: string): string {
  if (Buffer.byteLength(slug) <= MAX_SLUG_BYTES) return slug;
  const suffix = `-${shortHash(slug)}`;
  const budget = MAX_SLUG_BYTES - suffix.length;
  let kept = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(slug)) {
    bytes += Buffer.byteLength(segment);
    if (bytes > budget) break;
    kept += segment;
  }
  const dash = kept.lastIndexOf('-');
  if (dash > 0 && Buffer.byteLength(kept.slice(0, dash)) >= budget / 2) kept = kept.slice(0, dash);
  kept = kept.replace(/-+$/, '');
  return kept === '' ? `term${suffix}` : kept + suffix;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * Groups posts (newest first) by tag or category. Spellings that slug the same (`Rust`,
 * `rust`) are one term: two feeds at one path would overwrite each other.
 */
export function groupTerms(posts: readonly PostMeta[], kind: TaxonomyKind): Term[] {
  const bySlug = new Map<string, { posts: PostMeta[]; spellings: Map<string, number> }>();
  for (const post of posts) {
    const seen = new Set<string>();
    for (const name of kind === 'tags' ? post.tags : post.categories) {
      const slug = termSlug(name);
      let group = bySlug.get(slug);
      if (!group) bySlug.set(slug, (group = { posts: [], spellings: new Map() }));
      group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
      if (!seen.has(slug)) group.posts.push(post);
      seen.add(slug);
    }
  }
  return [...bySlug.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([slug, group]) => ({ kind, slug, name: mostUsed(group.spellings), posts: group.posts }));
}

/** Ties go to the spelling seen first, i.e. on the newest post. */
function mostUsed(spellings: Map<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [name, count] of spellings) {
    if (count > bestCount) [best, bestCount] = [name, count];
  }
  return best;
}
