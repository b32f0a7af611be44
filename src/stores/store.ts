import { StoreError } from '../errors.ts';

/** One object under a store's prefix. */
export interface StoreEntry {
  /** Relative to the store's prefix, `/`-separated, never starting with `/`. */
  key: string;
  /** Changes whenever the bytes change (S3 ETag; local: size, mtime, ctime and inode). `''` for an entry with a problem. */
  etag: string;
  size: number;
  /**
   * Why this object cannot be used, for the build to report instead of silently missing it: a
   * name that is not a safe key (then `key` must never be passed to `get`), a symlink loop, a
   * folder that cannot be read (then `key` is the folder's, ending in `/`).
   */
  problem?: string;
}

export interface RequestCounts {
  list: number;
  get: number;
  put: number;
  delete: number;
}

export interface TaggedObject {
  bytes: Uint8Array;
  /** S3: the ETag; a local folder: the file's size, times and inode, as listed; memory: the bytes' MD5. */
  tag: string;
}

/** Replace only the version read (`ifMatch` its tag), or write only where nothing is yet. */
export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' };

export interface PutOptions {
  condition?: WriteCondition;
  /** The `Cache-Control` readers and caches get with the object, where the store can set it (S3; a local folder cannot). */
  cacheControl?: string;
}

/** A flat key space under a prefix: a local directory or `s3://bucket/prefix/`. */
export interface Store {
  /** Human-readable location, for messages: `content/` or `s3://bucket/posts/`. */
  readonly location: string;
  /** Requests made so far (LIST pages, GETs, PUTs, DELETEs). */
  readonly requests: RequestCounts;
  /** Every object under the prefix, recursively; objects it cannot use come with a `problem`. */
  list(): Promise<StoreEntry[]>;
  /**
   * The object's bytes, whole and as stored, or undefined when it does not exist. Throws
   * `UnreadableObject` when it exists but cannot be read (after the store's retries).
   */
  get(key: string): Promise<Uint8Array | undefined>;
  /** `get`, with the tag that names this version of the object to a conditional `put`. */
  getTagged(key: string): Promise<TaggedObject | undefined>;
  /**
   * Resolves to the ETag the store will list the object with, where it reports one (S3; a local
   * folder's size and times). Throws `WriteConflict` when `options.condition` does not hold:
   * another writer got there first.
   */
  put(key: string, body: string | Uint8Array, contentType: string, options?: PutOptions): Promise<string | undefined>;
  /** Missing keys are not an error. */
  delete(key: string): Promise<void>;
}

/**
 * One object that exists but could not be read, after retries: a caller that can do without it
 * (one post among many) skips it with `reason`; the next run tries again.
 */
export class UnreadableObject extends StoreError {
  override name = 'UnreadableObject';
  constructor(
    location: string,
    override readonly key: string,
    /** What went wrong, e.g. `AccessDenied: … (HTTP 403)`. */
    readonly reason: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`could not read ${location}${key}: ${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}`, key, options);
  }
}

export function emptyRequestCounts(): RequestCounts {
  return { list: 0, get: 0, put: 0, delete: 0 };
}

/** A conditional write found another version than the one it was meant to replace. */
export class WriteConflict extends StoreError {
  override name = 'WriteConflict';
}
