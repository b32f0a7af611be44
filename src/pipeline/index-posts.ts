import pLimit from 'p-limit';
import type { SiteConfig } from '../model.ts';
import { MAX_POST_BYTES, decodePost, oversizeError } from '../posts/decode.ts';
import { parsePost } from '../posts/parse-post.ts';
import type { Store, StoreEntry } from '../stores/store.ts';
import type { Manifest, PostRecord } from './manifest.ts';

/** How many source reads run at once; S3 stores bound their own connections too. */
const READ_CONCURRENCY = 16;

/**
 * Bodies of freshly read posts are kept for rendering up to this many characters, so an
 * incremental run reads each changed post once, while a full build of a large blog does not
 * hold every post's text: past the budget, the few selected posts are read again.
 */
const BODY_BUDGET_CHARS = 8 * 1024 * 1024;

export interface PostIndex {
  records: Map<string, PostRecord>;
  /** Bodies of posts read in this run, within the budget. */
  bodies: Map<string, string>;
  /** The index differs from the manifest's: a post was read again, added or removed. */
  changed: boolean;
}

/** A previous record still describes the object when its ETag and the parse settings are unchanged. */
function reusable(previous: PostRecord | undefined, entry: StoreEntry, fresh: boolean): boolean {
  return !fresh && previous?.etag === entry.etag;
}

/**
 * The index of every post: unchanged objects come from the manifest, the rest are read
 * and parsed. `fresh` (forced, or settings changed) re-reads everything but keeps each
 * post's first published id.
 */
export async function indexPosts(
  entries: readonly StoreEntry[],
  previous: Manifest,
  source: Store,
  site: SiteConfig,
  fresh: boolean,
  /** Called before each read; throws to stop the build (a deadline). */
  beforeRead: () => void = () => {},
): Promise<PostIndex> {
  const records = new Map<string, PostRecord>();
  const bodies = new Map<string, string>();
  let budget = BODY_BUDGET_CHARS;
  let reads = 0;
  const limit = pLimit(READ_CONCURRENCY);
  await Promise.all(
    entries.map((entry) =>
      limit(async () => {
        const before = previous.posts[entry.key];
        if (before && reusable(before, entry, fresh)) {
          records.set(entry.key, before);
          return;
        }
        beforeRead();
        reads++;
        const { record, body } = await readPost(entry, source, site);
        if (before?.publishedId !== undefined) record.publishedId = before.publishedId;
        records.set(entry.key, record);
        if (body !== undefined && body.length <= budget) {
          budget -= body.length;
          bodies.set(entry.key, body);
        }
      }),
    ),
  );
  const changed = reads > 0 || records.size !== Object.keys(previous.posts).length;
  return { records: new Map([...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), bodies, changed };
}

async function readPost(entry: StoreEntry, source: Store, site: SiteConfig): Promise<{ record: PostRecord; body?: string }> {
  if (entry.size > MAX_POST_BYTES) {
    return { record: { etag: entry.etag, error: oversizeError(entry.key, entry.size), warnings: [] } };
  }
  const text = await readText(entry.key, source);
  if (!text.ok) return { record: { etag: entry.etag, error: text.error, warnings: [] } };
  const outcome = parsePost(entry.key, text.text, site);
  if (!outcome.ok) return { record: { etag: entry.etag, error: outcome.error, warnings: outcome.warnings } };
  return { record: { etag: entry.etag, post: outcome.post, warnings: outcome.warnings }, body: outcome.body };
}

async function readText(key: string, source: Store): Promise<ReturnType<typeof decodePost>> {
  const bytes = await source.get(key);
  if (!bytes) return { ok: false, error: { key, message: `${key}: it disappeared while the build ran; it will be picked up next run` } };
  return decodePost(key, bytes);
}

/** The Markdown body of a post whose record is known, read again from the source. */
export async function readBody(key: string, source: Store, site: SiteConfig): Promise<string | undefined> {
  const text = await readText(key, source);
  if (!text.ok) return undefined;
  const outcome = parsePost(key, text.text, site);
  return outcome.ok ? outcome.body : undefined;
}
