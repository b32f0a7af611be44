import { UnreadableObject, type Store } from '../stores/store.ts';
import { md5 } from '../text/hash.ts';

/** A temporary file of a local write that was interrupted (see src/stores/local.ts). */
const LEFTOVER = /(?:^|\/)\.[^/]+\.[0-9a-f]{12}\.tmp$/;

/** What is really under `out`: each feed file's digest (its MD5, or the tag recorded for it), and leftovers of interrupted writes. */
export interface StoredOutputs {
  digests: Map<string, string>;
  /**
   * Feed files whose listed ETag is no MD5 (SSE-KMS, a local folder) but the one recorded when
   * they were written, or the one they were listed with when this run read and hashed them: key → ETag.
   */
  listed: Map<string, string>;
  leftovers: string[];
}

/** What the manifest says was written: each file's MD5, and the ETag the store gave it where that is no MD5. */
export interface RecordedOutputs {
  outputs: Readonly<Record<string, string>>;
  listed?: Readonly<Record<string, string>> | undefined;
}

const SINGLE_PART_ETAG = /^[0-9a-f]{32}$/;

/** Whether a listing takes `etag` for the object's digest as it stands: S3's single-part ETag; no local folder's tag. */
export function isDigestShaped(etag: string): boolean {
  return SINGLE_PART_ETAG.test(etag);
}

/**
 * One LIST of `out`. S3 reports a single-part object's MD5 as its ETag; where a store does not
 * (SSE-KMS, a local folder), a file still listed with the tag our write got is ours, and any other
 * is read and hashed. Only feed files count: anything else under `out` is not ours.
 */
export async function storedOutputs(out: Store, isFeedFile: (key: string) => boolean, recorded: RecordedOutputs): Promise<StoredOutputs> {
  const digests = new Map<string, string>();
  const listed = new Map<string, string>();
  const leftovers: string[] = [];
  for (const entry of await out.list()) {
    if (entry.problem !== undefined) continue;
    if (LEFTOVER.test(entry.key)) leftovers.push(entry.key);
    if (!isFeedFile(entry.key)) continue;
    // Under SSE-KMS, or in a local folder, an ETag is no MD5: the one the store gave our write says the bytes are still ours.
    const ours = recorded.outputs[entry.key];
    if (ours !== undefined && recorded.listed?.[entry.key] === entry.etag) {
      digests.set(entry.key, ours);
      listed.set(entry.key, entry.etag);
      continue;
    }
    if (isDigestShaped(entry.etag)) {
      digests.set(entry.key, entry.etag);
      continue;
    }
    // A feed this run may not read (S3: the role reads only the manifest under out) has no known digest: it is written again.
    let digest = '';
    try {
      const bytes = await out.get(entry.key);
      if (!bytes) continue;
      digest = md5([bytes]);
      // Hashed once: a file kept as it is (touched by hand, or written by a plan whose manifest another build overtook) is known by this tag from now on.
      listed.set(entry.key, entry.etag);
    } catch (error) {
      if (!(error instanceof UnreadableObject)) throw error;
    }
    digests.set(entry.key, digest);
  }
  return { digests, listed, leftovers };
}

/** Whether what is stored is exactly what the manifest says was written: no file missing, changed or extra. */
export function matchesRecord(stored: StoredOutputs, recorded: Readonly<Record<string, string>>): boolean {
  if (stored.leftovers.length > 0 || stored.digests.size !== Object.keys(recorded).length) return false;
  for (const [key, digest] of stored.digests) if (recorded[key] !== digest) return false;
  return true;
}
