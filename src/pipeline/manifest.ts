import { createHash } from 'node:crypto';
import type { Diagnostic, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import type { Store } from '../stores/store.ts';

export const MANIFEST_KEY = '.feedbucket/manifest.json';

/** Bumped when the manifest's shape or what the parser extracts changes: old indexes are re-read. */
const MANIFEST_VERSION = 1;

/** What one build learned of one source object; reused as long as its ETag does not change. */
export interface PostRecord {
  etag: string;
  post?: PostMeta;
  /** A draft: its metadata is not kept (see `manifestPosts`). */
  draft?: true;
  error?: Diagnostic;
  warnings: Diagnostic[];
  /** The id the post was first published with. */
  publishedId?: string;
  /** Kept for posts some feed contains, so unchanged ones are not read again. */
  rendered?: RenderedPost & { url: string };
}

export interface Manifest {
  version: number;
  /** Fingerprint of the settings that parsing and rendering depend on. */
  settings: string;
  posts: Record<string, PostRecord>;
  /** Output key → sha256 of the bytes last written. */
  outputs: Record<string, string>;
  /** Fingerprint of everything the outputs were built from (see `feedsFingerprint`). */
  feeds?: string;
}

export function emptyManifest(settings: string): Manifest {
  return { version: MANIFEST_VERSION, settings, posts: {}, outputs: {} };
}

/** Everything a post's parsed metadata or rendered HTML depends on besides its own bytes. */
export function settingsFingerprint(site: SiteConfig, rendererVersion: number): string {
  const inputs = [MANIFEST_VERSION, rendererVersion, site.siteUrl, site.permalink, site.timezone];
  return sha256(JSON.stringify(inputs)).slice(0, 16);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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
  try {
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (parsed.version !== MANIFEST_VERSION || typeof parsed.posts !== 'object' || typeof parsed.outputs !== 'object') {
      return { manifest: emptyManifest(settings), text, problem: 'it was written by another version; rebuilding the index' };
    }
    return { manifest: parsed as Manifest, text };
  } catch (error) {
    return { manifest: emptyManifest(settings), text, problem: `it is not valid JSON (${(error as Error).message}); rebuilding the index` };
  }
}

/** Stable bytes: keys sorted, so an unchanged build state serialises identically. */
export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(sortKeys(manifest))}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
