/** One object under a store's prefix. */
export interface StoreEntry {
  /** Relative to the store's prefix, `/`-separated, never starting with `/`. */
  key: string;
  /** Changes whenever the bytes change (S3 ETag; local: size + mtime). */
  etag: string;
  size: number;
}

export interface RequestCounts {
  list: number;
  get: number;
  put: number;
  delete: number;
}

/** A flat key space under a prefix: a local directory or `s3://bucket/prefix/`. */
export interface Store {
  /** Human-readable location, for messages: `content/` or `s3://bucket/posts/`. */
  readonly location: string;
  /** Requests made so far (LIST pages, GETs, PUTs, DELETEs). */
  readonly requests: RequestCounts;
  /** Every object under the prefix, recursively. */
  list(): Promise<StoreEntry[]>;
  /** The object's bytes, or undefined when it does not exist. */
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** Missing keys are not an error. */
  delete(key: string): Promise<void>;
}

export function emptyRequestCounts(): RequestCounts {
  return { list: 0, get: 0, put: 0, delete: 0 };
}
