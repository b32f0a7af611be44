import pLimit from 'p-limit';
import type { Diagnostic, SiteConfig } from '../model.ts';
import { MAX_POST_BYTES, decodePost, oversizeError } from '../posts/decode.ts';
import type { Store, StoreEntry } from '../stores/store.ts';
import { compareKeys } from '../text/compare.ts';
import { previousRecord, type Manifest, type PostRecord } from './manifest.ts';
import { loadParser } from './load-parser.ts';

/** How many source reads run at once; S3 stores bound their own connections too. */
const READ_CONCURRENCY = 16;

/**
 * Bodies of freshly read posts are kept for rendering up to this many characters, so an
 * incremental run reads each changed post once, while a full build of a large blog does not
 * hold every post's text: past the budget, the few selected posts are read again.
 */
const BODY_BUDGET_CHARS = 8 * 1024 * 1024;

/** A post's Markdown, the file line it starts on, and its front-matter values for templates. */
export interface PostBody {
  text: string;
  line: number;
  params: Record<string, unknown>;
}

export interface PostIndex {
  /** By key, sorted. */
  records: Map<string, PostRecord>;
  /** Bodies of posts read in this run, within the budget. */
  bodies: Map<string, PostBody>;
  /** Keys of the posts read (not taken from the manifest) in this run. */
  read: Set<string>;
  /** The index differs from the manifest's: a post was read again, added or removed. */
  changed: boolean;
}

/** A previous record still describes the object while its ETag holds, unless a scheduled post has come due. */
function reusable(previous: PostRecord, entry: StoreEntry, fresh: boolean, now: string): boolean {
  if (fresh || previous.etag !== entry.etag) return false;
  return previous.dueAt === undefined || previous.dueAt > now;
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
  { fresh, keepLastGood, now, beforeRead }: { fresh: boolean; keepLastGood: boolean; now: string; beforeRead: () => void },
): Promise<PostIndex> {
  const records = new Map<string, PostRecord>();
  const bodies = new Map<string, PostBody>();
  let budget = BODY_BUDGET_CHARS;
  const read = new Set<string>();
  const limit = pLimit(READ_CONCURRENCY);
  await Promise.all(
    entries.map((entry) =>
      limit(async () => {
        const before = previousRecord(previous, entry.key);
        if (before && reusable(before, entry, fresh, now)) {
          records.set(entry.key, before);
          return;
        }
        beforeRead();
        read.add(entry.key);
        const { record, body } = await readPost(entry, source, site);
        records.set(entry.key, before ? carryOver(before, record, keepLastGood) : record);
        if (body !== undefined && body.text.length <= budget) {
          budget -= body.text.length;
          bodies.set(entry.key, body);
        }
      }),
    ),
  );
  const changed = read.size > 0 || records.size !== Object.keys(previous.posts).length;
  return { records: new Map([...records].sort(([a], [b]) => compareKeys(a, b))), bodies, read, changed };
}

/**
 * What a re-read keeps of the previous record: the first published id, always; and when the
 * new version cannot be used but the last one was published (under the same settings), that
 * version, so a typo never takes a post out of the feeds. It is read again every run (no
 * ETag) and the error reported until it is fixed.
 */
function carryOver(before: PostRecord, record: PostRecord, keepLastGood: boolean): PostRecord {
  const publishedId = before.publishedId === undefined ? {} : { publishedId: before.publishedId };
  if (!record.error || !before.post || !keepLastGood) return { ...record, ...publishedId };
  const error: Diagnostic = { ...record.error, message: `${record.error.message} (the last good version stays published)` };
  return { ...before, etag: '', error, warnings: record.warnings };
}

async function readPost(entry: StoreEntry, source: Store, site: SiteConfig): Promise<{ record: PostRecord; body?: PostBody }> {
  if (entry.size > MAX_POST_BYTES) {
    return { record: { etag: entry.etag, error: oversizeError(entry.key, entry.size), warnings: [] } };
  }
  const bytes = await source.get(entry.key);
  if (!bytes) {
    // Gone between the listing and the read: no ETag is recorded, so the next run reads it again.
    const error = { key: entry.key, message: `${entry.key}: it disappeared while the build ran; the next run reads it again` };
    return { record: { etag: '', error, warnings: [] } };
  }
  const text = decodePost(entry.key, bytes);
  if (!text.ok) return { record: { etag: entry.etag, error: text.error, warnings: [] } };
  const { parsePost } = await loadParser();
  const outcome = parsePost(entry.key, text.text, site);
  if (!outcome.ok) return { record: { etag: entry.etag, error: outcome.error, warnings: outcome.warnings } };
  return { record: { etag: entry.etag, post: outcome.post, warnings: outcome.warnings }, body: { text: outcome.body, line: outcome.bodyLine, params: outcome.params } };
}
