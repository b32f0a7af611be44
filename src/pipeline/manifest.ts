import pkg from '../../package.json' with { type: 'json' };
import type { Diagnostic, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { exclusionOf } from '../select/publishable.ts';
import { compareKeys } from '../text/compare.ts';
import { sha256 } from '../text/hash.ts';
import { MANIFEST_VERSION, readManifest } from './manifest-schema.ts';
import { hiddenKey, recordsDigest, seal, unseal } from './manifest-seal.ts';
import { orderedRecord } from './manifest-order.ts';

export const MANIFEST_KEY = '.feedbucket/manifest.json';

/** Whose records a digest vouches for: this manifest format as this release writes it. */
const RECORDS_WRITER = `${MANIFEST_VERSION}/${pkg.version}`;

export interface PostRecord {
  etag: string;
  /** Kept only for published posts: the manifest lies under `out`, which may be served. */
  post?: PostMeta;
  /** Why a post with no `post` here is in no feed. */
  hidden?: 'draft' | 'future' | 'expired';
  /** When a scheduled post comes due; it is read again then. */
  dueAt?: string;
  /** Why the post was skipped; a post kept at its last good version has one only until stored. */
  error?: Diagnostic;
  warnings: Diagnostic[];
  /** The id the post was first published with. */
  publishedId?: string;
  /** Kept for posts some feed contains, so unchanged ones are not read again. */
  rendered?: RenderedPost & { url: string };
}

export interface Manifest {
  version: number;
  /** Fingerprint of the engine and the settings that parsing and rendering depend on. */
  settings: string;
  posts: Record<string, PostRecord>;
  /** Output key → digest of the bytes stored: their MD5, or for an archive the tag its write returned (see stored-outputs.ts). */
  outputs: Record<string, string>;
  /** Feed path → fingerprint of the model its stored files were made from (see build-feeds.ts). */
  models?: Record<string, string>;
  /** Output key → the ETag the store lists it with, where that is no MD5 (SSE-KMS, a local folder; see stored-outputs.ts). */
  listed?: Record<string, string>;
  /** Sealed: what lets a run that finds nothing changed answer from the head alone (see unchanged.ts). */
  unchanged?: string;
}

function emptyManifest(settings: string): Manifest {
  return { version: MANIFEST_VERSION, settings, posts: {}, outputs: {} };
}

/**
 * Everything a post's parsed metadata, rendered HTML or feed bytes depend on besides the posts:
 * the engine's version (a release that renders differently rebuilds every feed) and the settings.
 */
export function settingsFingerprint(site: SiteConfig, siteFileEtag?: string): string {
  const inputs = [MANIFEST_VERSION, pkg.version, site.siteUrl, site.generator, site.permalink, site.timezone, site.shortcodes, site.title, site.description, siteFileEtag];
  return sha256(JSON.stringify(inputs)).slice(0, 16);
}

export interface LoadedManifest {
  manifest: Manifest;
  /** The stored text, to skip rewriting an identical manifest. */
  text?: string;
  /** The stored version's tag: the manifest is replaced only if it is still this version. */
  tag?: string;
  /** What the run should warn about the stored manifest: why it was rebuilt, or records it could not open. */
  problem?: string;
}

/** Anything malformed is a warning and a rebuild that keeps every first-published id still readable; never a throw. */
export function loadManifest(stored: { text: string; tag: string } | undefined, settings: string, salt: string): LoadedManifest {
  if (!stored) return { manifest: emptyManifest(settings) };
  const { text, tag } = stored;
  const reading = readManifest(text, { open: (sealed) => unseal(sealed, salt), vouches: (records, digest) => recordsDigest(records, salt, RECORDS_WRITER) === digest });
  if (!reading.ok) return { manifest: keepingIds(reading.ids, settings), text, tag, problem: reading.problem };
  if (reading.unopened === 0) return { manifest: reading.manifest, text, tag };
  const problem =
    `${reading.unopened} record(s) of posts in no feed could not be opened (FEED_MANIFEST_SALT changed, or the file was damaged); ` +
    'those posts are read again';
  return { manifest: reading.manifest, text, tag, problem };
}

/** A manifest that makes the next run read every post again, with the ids they were first published with. */
function keepingIds(ids: ReadonlyMap<string, string>, settings: string): Manifest {
  const manifest = emptyManifest(settings);
  for (const [key, publishedId] of ids) manifest.posts[key] = { etag: '', warnings: [], publishedId };
  return manifest;
}

/**
 * The records as kept. Posts in no feed (drafts, scheduled, expired, skipped for an error) keep
 * only what decides when they are read again; `serializeManifest` seals them.
 */
export function storedPosts(
  records: ReadonlyMap<string, PostRecord>,
  rendered: ReadonlyMap<string, RenderedPost>,
  now: string,
): Record<string, PostRecord> {
  const posts: Record<string, PostRecord> = {};
  for (const [key, record] of records) posts[key] = storedRecord(record, rendered.get(key), now);
  return posts;
}

/**
 * Each post's previous record by its key (as the build reads the manifest back: unsealed).
 * feedbucket 0.3.0 kept hidden records under an unsalted hash: found once, their first ids survive
 * the upgrade; a manifest that holds none needs no key hashed.
 */
export function previousRecords(manifest: Manifest): (key: string) => PostRecord | undefined {
  const holdsLegacy = Object.keys(manifest.posts).some((key) => key.startsWith('#'));
  return (key) => {
    if (Object.hasOwn(manifest.posts, key)) return manifest.posts[key];
    if (!holdsLegacy) return undefined;
    const legacy = `#${sha256(key).slice(0, 32)}`;
    return Object.hasOwn(manifest.posts, legacy) ? manifest.posts[legacy] : undefined;
  };
}

function storedRecord(record: PostRecord, rendered: RenderedPost | undefined, now: string): PostRecord {
  const { post, rendered: kept, warnings, error, hidden, dueAt: due, ...identity } = record;
  // Warnings and errors quote front matter: they are reported when the post is read. A skipped
  // post keeps its error (sealed), so later runs can count it as skipped for the same reason.
  if (!post) {
    return hidden ? { ...identity, hidden, ...(due === undefined ? {} : { dueAt: due }), warnings: [] } : { ...identity, error, warnings: [] };
  }
  const exclusion = error ? undefined : exclusionOf(post, now);
  if (exclusion === 'draft' || exclusion === 'expired') return { ...identity, hidden: exclusion, warnings: [] };
  if (exclusion === 'future') return { ...identity, hidden: exclusion, dueAt: dueAt(post), warnings: [] };
  // A post kept at its last good version (an error) is in the feeds as it was; the broken edit is not kept.
  const published = { ...identity, post, warnings: error ? [] : warnings };
  if (rendered) return { ...published, rendered: { ...rendered, url: post.url } };
  // With an error there is no source to render from: its rendering stays.
  return error && kept ? { ...published, rendered: kept } : published;
}

function dueAt(post: PostMeta): string {
  return post.publishDate !== undefined && post.publishDate > post.date ? post.publishDate : post.date;
}

/**
 * Stable bytes: keys sorted and sealing deterministic, so an unchanged build state serialises
 * identically. A post in no feed is stored under a keyed hash of its key, sealed: nothing in the
 * served file tells its name, its error or when it comes, and a guessed name cannot be checked
 * without the salt.
 */
export function serializeManifest(manifest: Manifest, salt: string): string {
  const posts: [string, unknown][] = [];
  for (const [key, record] of Object.entries(manifest.posts)) {
    if (record.post) posts.push([key, orderedRecord(record)]);
    else {
      const { warnings: _none, ...kept } = record;
      posts.push([hiddenKey(key, salt), seal(JSON.stringify(sortKeys({ key, ...kept })), salt)]);
    }
  }
  posts.sort(([a], [b]) => compareKeys(a, b));
  const { posts: _records, ...head } = manifest;
  const records = JSON.stringify(Object.fromEntries(posts));
  // Two lines, the head first: a run that changes nothing reads only the first (manifest-schema.ts).
  return `${JSON.stringify(sortKeys({ ...head, records: recordsDigest(records, salt, RECORDS_WRITER) }))}\n${records}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
