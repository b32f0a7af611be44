import pLimit from 'p-limit';
import type { Diagnostic, SiteConfig } from '../model.ts';
import { MAX_POST_BYTES, decodePost, oversizeError } from '../posts/decode.ts';
import { UnreadableObject, type Store, type StoreEntry } from '../stores/store.ts';
import { compareKeys } from '../text/compare.ts';
import { previousRecords, type Manifest, type PostRecord } from './manifest.ts';
import { loadParser } from './load-parser.ts';

/** How many source reads run at once; S3 stores bound their own connections too. */
const READ_CONCURRENCY = 16;

/**
 * Bodies of freshly read posts are kept for rendering up to this many characters, so an
 * incremental run reads each changed post once, while a full build of a large blog does not
 * hold its posts' text: the first posts read are rarely the ones its feeds select, and text
 * kept past a garbage collection is copied by each one. Past the budget, the few selected
 * posts are read again.
 */
const BODY_BUDGET_CHARS = 512 * 1024;

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
}

/** A previous record still describes the object while its ETag holds, unless a scheduled post has come due. */
function reusable(previous: PostRecord, entry: StoreEntry, fresh: boolean, now: string): boolean {
  if (fresh || entry.problem !== undefined || previous.etag !== entry.etag) return false;
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
  const previousRecord = previousRecords(previous);
  const toRead: { entry: StoreEntry; before: PostRecord | undefined }[] = [];
  for (const entry of withPostsOfUnreadableFolders(entries, previous)) {
    const before = previousRecord(entry.key);
    if (before && reusable(before, entry, fresh, now)) records.set(entry.key, before);
    else toRead.push({ entry, before });
  }
  // Only the reads are scheduled: a run that changed one post of 10,000 made 10,000 tasks.
  await Promise.all(
    toRead.map(({ entry, before }) =>
      limit(async () => {
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
  return { records: new Map([...records].sort(([a], [b]) => compareKeys(a, b))), bodies, read };
}

/**
 * The listing entries the index takes: posts, and problems where a post could be, so that they
 * are reported instead of missed: a file named like a post, a folder that could hold posts.
 */
export function postEntries(listing: readonly StoreEntry[], isPost: (key: string) => boolean): StoreEntry[] {
  const couldHoldPosts = (entry: StoreEntry) => entry.problem !== undefined && entry.key.endsWith('/') && isPost(`${entry.key}post.md`);
  return listing.filter((entry) => isPost(entry.key) || couldHoldPosts(entry));
}

/**
 * Published posts last seen in a folder that cannot be read now come back with the folder's
 * problem, so each keeps its last good version instead of leaving the feeds.
 */
function withPostsOfUnreadableFolders(entries: readonly StoreEntry[], previous: Manifest): readonly StoreEntry[] {
  const folders = entries.filter((entry) => entry.problem !== undefined && entry.key.endsWith('/'));
  if (folders.length === 0) return entries;
  const listed = new Set(entries.map((entry) => entry.key));
  const unseen = Object.entries(previous.posts).flatMap(([key, record]) => {
    const folder = record.post && !listed.has(key) ? folders.find((candidate) => key.startsWith(candidate.key)) : undefined;
    return folder ? [{ key, etag: '', size: 0, problem: `its folder ${folder.key} could not be read` }] : [];
  });
  return [...entries, ...unseen];
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
  if (entry.problem !== undefined) return skipped(entry.key, entry.problem);
  if (entry.size > MAX_POST_BYTES) {
    return { record: { etag: entry.etag, error: oversizeError(entry.key, entry.size), warnings: [] } };
  }
  let bytes;
  try {
    bytes = await source.get(entry.key);
  } catch (error) {
    if (!(error instanceof UnreadableObject)) throw error;
    const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
    return skipped(entry.key, `it could not be read (${error.reason})${tries}; the next run tries again`);
  }
  if (!bytes) return skipped(entry.key, 'it disappeared while the build ran; the next run reads it again');
  const text = decodePost(entry.key, bytes);
  if (!text.ok) return { record: { etag: entry.etag, error: text.error, warnings: [] } };
  const { parsePost } = await loadParser();
  const outcome = parsePost(entry.key, text.text, site);
  if (!outcome.ok) return { record: { etag: entry.etag, error: outcome.error, warnings: outcome.warnings } };
  return { record: { etag: entry.etag, post: outcome.post, warnings: outcome.warnings }, body: { text: outcome.body, line: outcome.bodyLine, params: outcome.params } };
}

/** A post left out of this run: no ETag is recorded, so the next run looks at it again. */
function skipped(key: string, why: string): { record: PostRecord } {
  return { record: { etag: '', error: { key, message: `${key}: ${why}` }, warnings: [] } };
}
