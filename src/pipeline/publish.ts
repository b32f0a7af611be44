import pLimit from 'p-limit';
import type { OutputFile } from '../model.ts';
import type { Store } from '../stores/store.ts';
import { md5 } from '../text/hash.ts';
import { utf8Bytes } from '../text/utf8.ts';
import { CACHE_CONTROL } from './cache-control.ts';
import { MANIFEST_KEY } from './manifest.ts';
import { isDigestShaped, type StoredOutputs } from './stored-outputs.ts';

const WRITE_CONCURRENCY = 8;

export interface PublishPlan {
  /** Files whose bytes differ from what is stored. */
  writes: OutputFile[];
  /** Feed files no feed produces any more, and leftovers of interrupted writes. */
  deletes: string[];
  /** Each feed file's digest (its MD5) once the plan is carried out; an archive not stored yet is absent, known by the tag its write returns (`carryOut`). */
  outputs: Record<string, string>;
}

/**
 * Compares the wanted files with what is really stored, whatever an earlier run recorded: a run
 * that died after some writes is repaired by the next. A key that failed its checks this run
 * (`failed`) keeps its stored file: a failure never replaces a good feed; so does a `kept` one,
 * whose feed is made of what its stored file was made of.
 */
export function planPublish(files: readonly OutputFile[], failed: ReadonlySet<string>, stored: StoredOutputs, kept: readonly string[] = []): PublishPlan {
  const outputs: Record<string, string> = {};
  const writes: OutputFile[] = [];
  for (const key of kept) outputs[key] = stored.digests.get(key) as string;
  for (const file of files) {
    // Named for its content, an archive not stored yet differs from all that is: hashing its megabytes would decide nothing.
    if (file.kind === 'archive' && !stored.digests.has(file.key)) {
      writes.push(file);
      continue;
    }
    const digest = md5(file.body);
    outputs[file.key] = digest;
    if (stored.digests.get(file.key) !== digest) writes.push(file);
  }
  const deletes = [...stored.leftovers];
  for (const [key, digest] of stored.digests) {
    if (key in outputs) continue;
    if (failed.has(key)) outputs[key] = digest;
    else deletes.push(key);
  }
  return { writes, deletes, outputs };
}

export interface PublishOutcome {
  /** Digests of what is really stored now (MD5s, or the tag a new archive's write returned): failed or skipped writes keep what was there. */
  outputs: Record<string, string>;
  /** The ETags of stored outputs whose ETag is no MD5 (SSE-KMS, a local folder), for the next run to know them by. */
  listed: Record<string, string>;
  written: string[];
  deleted: string[];
  failures: { key: string; error: unknown }[];
  /** Writes not attempted because the deadline came (`beforeWrite` threw). */
  stopped?: unknown;
}

/**
 * Writes the changed files, archives before the feeds that link to them, then removes what no
 * feed produces. Every write is tried and settled on its own, so the manifest written afterwards
 * records what is stored. The manifest is written by the caller, last.
 */
export async function carryOut(plan: PublishPlan, stored: StoredOutputs, out: Store, beforeWrite: () => void): Promise<PublishOutcome> {
  const previous = stored.digests;
  const limit = pLimit(WRITE_CONCURRENCY);
  const rewritten = new Set([...plan.writes.map((file) => file.key), ...plan.deletes]);
  const listed = Object.fromEntries([...stored.listed].filter(([key]) => !rewritten.has(key)));
  const outcome: PublishOutcome = { outputs: { ...plan.outputs }, listed, written: [], deleted: [], failures: [] };
  const attempt = (key: string, write: () => Promise<void>, done: string[]) =>
    limit(async () => {
      try {
        if (outcome.stopped === undefined) beforeWrite();
      } catch (error) {
        outcome.stopped = error;
      }
      if (outcome.stopped !== undefined) return revert(key);
      try {
        await write();
        done.push(key);
      } catch (error) {
        outcome.failures.push({ key, error });
        revert(key);
      }
    });
  const revert = (key: string): void => {
    const digest = previous.get(key);
    if (digest === undefined) delete outcome.outputs[key];
    else outcome.outputs[key] = digest;
    const kept = stored.listed.get(key);
    if (kept !== undefined) outcome.listed[key] = kept;
  };
  const write = async (file: OutputFile) => {
    const etag = await out.put(file.key, utf8Bytes(file.body), file.contentType, { cacheControl: CACHE_CONTROL[file.kind] });
    // Written unhashed (`planPublish`): recorded by the tag the store lists it with, hashed only where the store reports none.
    const digest = plan.outputs[file.key] ?? (etag || md5(file.body));
    outcome.outputs[file.key] = digest;
    // A tag the next listing shows but cannot take for the digest recorded: ours by this write.
    if (typeof etag === 'string' && (etag !== digest || !isDigestShaped(etag))) outcome.listed[file.key] = etag;
  };
  const writeAll = (files: readonly OutputFile[]) => Promise.all(files.map((file) => attempt(file.key, () => write(file), outcome.written)));
  // Archives first: a feed is written only once every archive it may link to is stored; and
  // after a failure, every file stays as stored, and so does each one a stored feed may link to.
  const unfinished = () => outcome.failures.length > 0 || outcome.stopped !== undefined;
  await writeAll(plan.writes.filter((file) => file.kind === 'archive'));
  const later = plan.writes.filter((file) => file.kind !== 'archive');
  if (unfinished()) later.forEach((file) => revert(file.key));
  else await writeAll(later);
  if (unfinished()) plan.deletes.forEach(revert);
  else await Promise.all(plan.deletes.map((key) => attempt(key, () => out.delete(key), outcome.deleted)));
  return outcome;
}

/** Over the version this run read, or where none was: a build that overlapped ours wrote first otherwise (`WriteConflict`). */
export async function writeManifest(out: Store, text: string, readTag: string | undefined): Promise<void> {
  await out.put(MANIFEST_KEY, text, 'application/json; charset=utf-8', {
    condition: readTag === undefined ? { ifNoneMatch: '*' } : { ifMatch: readTag },
    cacheControl: CACHE_CONTROL.state,
  });
}
