import pkg from '../../package.json' with { type: 'json' };
import type { Diagnostic, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { exclusionOf } from '../select/publishable.ts';
import type { Store } from '../stores/store.ts';
import { compareKeys } from '../text/compare.ts';
import { sha256 } from '../text/hash.ts';

export const MANIFEST_KEY = '.feedbucket/manifest.json';

/** Bumped when the manifest's shape changes; ids and output hashes are carried across. */
const MANIFEST_VERSION = 2;

/** What one build learned of one source object; reused as long as its ETag does not change. */
export interface PostRecord {
  etag: string;
  /** Kept only for published posts: the manifest lies under `out`, which may be served. */
  post?: PostMeta;
  /** Why a post with no `post` here is in no feed. */
  hidden?: 'draft' | 'future' | 'expired';
  /** When a scheduled post comes due; it is read again then. */
  dueAt?: string;
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
  /** Output key → sha256 of the bytes last written. */
  outputs: Record<string, string>;
  /** Fingerprint of everything the outputs were built from (see `feedsFingerprint`). */
  feeds?: string;
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
  /** Why a stored manifest was not usable. */
  problem?: string;
}

export async function loadManifest(out: Store, settings: string): Promise<LoadedManifest> {
  const bytes = await out.get(MANIFEST_KEY);
  if (!bytes) return { manifest: emptyManifest(settings) };
  const text = new TextDecoder().decode(bytes);
  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(text) as Partial<Manifest>;
  } catch (error) {
    return { manifest: emptyManifest(settings), text, problem: `it is not valid JSON (${(error as Error).message}); rebuilding the index` };
  }
  if (parsed.version === MANIFEST_VERSION && isObject(parsed.posts) && isObject(parsed.outputs)) {
    return { manifest: parsed as Manifest, text };
  }
  return { manifest: carriedAcross(parsed, settings), text, problem: 'it was written by another version; rebuilding the index' };
}

/** From a manifest of another version, what must survive any upgrade: first ids and what was written. */
function carriedAcross(old: Partial<Manifest>, settings: string): Manifest {
  const manifest = emptyManifest(settings);
  if (isObject(old.outputs)) manifest.outputs = old.outputs;
  for (const [key, record] of Object.entries(isObject(old.posts) ? old.posts : {})) {
    if (typeof record?.publishedId === 'string') manifest.posts[key] = { etag: '', warnings: [], publishedId: record.publishedId };
  }
  return manifest;
}

function isObject<T>(value: Record<string, T> | undefined | null): value is Record<string, T> {
  return typeof value === 'object' && value !== null;
}

/**
 * The records as stored. Posts in no feed keep only what decides when they enter one (a
 * draft its flag, a scheduled post its due date), under a hash of their key: the manifest lies
 * under `out`, which may be served, and a file name can tell what is coming.
 */
export function storedPosts(
  records: ReadonlyMap<string, PostRecord>,
  rendered: ReadonlyMap<string, RenderedPost>,
  now: string,
): Record<string, PostRecord> {
  const posts: Record<string, PostRecord> = {};
  for (const [key, record] of records) {
    const stored = storedRecord(record, rendered.get(key), now);
    posts[stored.hidden ? hiddenKey(key) : key] = stored;
  }
  return posts;
}

/** Where a post's stored record is: under its key, or under a hash of it when hidden. */
export function previousRecord(manifest: Manifest, key: string): PostRecord | undefined {
  return manifest.posts[key] ?? manifest.posts[hiddenKey(key)];
}

function hiddenKey(key: string): string {
  return `#${sha256(key).slice(0, 32)}`;
}

function storedRecord(record: PostRecord, rendered: RenderedPost | undefined, now: string): PostRecord {
  if (!record.post) return record; // already in stored form
  const { rendered: _old, post, hidden: _hidden, dueAt: _dueAt, ...rest } = record;
  const exclusion = record.error ? undefined : exclusionOf(post, now);
  // Warnings quote front-matter values: they are reported when the post is read, not kept.
  const hidden = { ...rest, warnings: [] };
  if (exclusion === 'draft' || exclusion === 'expired') return { ...hidden, hidden: exclusion };
  if (exclusion === 'future') return { ...hidden, hidden: exclusion, dueAt: dueAt(post) };
  if (rendered) return { ...rest, post, rendered: { ...rendered, url: post.url } };
  // A post kept at its last good version has no source to render from: its rendering stays.
  return record.error && record.rendered ? { ...rest, post, rendered: record.rendered } : { ...rest, post };
}

function dueAt(post: PostMeta): string {
  return post.publishDate !== undefined && post.publishDate > post.date ? post.publishDate : post.date;
}

/** Stable bytes: keys sorted, so an unchanged build state serialises identically. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest))}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => compareKeys(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
