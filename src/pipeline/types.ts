import type { Generator, SiteConfig } from '../model.ts';
import type { RequestCounts, Store } from '../stores/store.ts';

export interface BuildRequest {
  config: SiteConfig;
  /** Ignore the manifest's index: re-read and re-parse every post (files are still written only when their bytes differ). */
  force?: boolean;
  /** Compute everything, write nothing. */
  dryRun?: boolean;
  /** The instant that decides draft/future/expired; defaults to the clock. */
  now?: Date;
  /** Stores to use instead of opening `config.source` / `config.out`. */
  stores?: { source: Store; out: Store };
  /**
   * Publish even when the source shrank sharply (most posts or term feeds gone), and unpublish
   * every feed when no post is left: what a wrong prefix or lost access would also look like.
   */
  allowShrink?: boolean;
  /**
   * The secret that hides posts in no feed from readers of the manifest (`FEED_MANIFEST_SALT`):
   * the manifest lies under `out`, which may be served, so the secret lives in the caller's
   * environment. Empty: names are hashed and sealed with a key anyone can derive.
   */
  manifestSalt?: string;
  /** Called as posts are read and feed files written, for a terminal's progress line. */
  onProgress?: (progress: BuildProgress) => void;
  /** Milliseconds left before the caller's deadline (Lambda); the build stops cleanly before writing when too little is left. */
  remainingMs?: () => number;
  /** Timeout and retries of the WebSub pings (`hub`); the defaults suit a real hub. */
  pingOptions?: Partial<PingOptions>;
}

export interface BuildProgress {
  stage: 'reading posts' | 'writing feed files';
  done: number;
  total: number;
}

export interface FeedOutcome {
  /** The document key under `out`, e.g. `rss.xml`, `tags/rust/atom.xml`. */
  key: string;
  items: number;
  /** Its bytes differ from what was published before (so it was, or in a dry run would be, written). */
  changed: boolean;
}

export interface BuildSummary {
  /** Whose conventions the posts were read with (`auto` decided). */
  generator: Generator;
  posts: number;
  published: number;
  drafts: number;
  /** `repeated`: skipped for the same reason by an earlier run, the file unchanged since. */
  skipped: { key: string; error: string; repeated?: true }[];
  warnings: { key: string; warning: string }[];
  feeds: FeedOutcome[];
  /** Documents that failed their checks and were not written (the previous version stays). */
  errors: { key: string; error: string }[];
  /** Output keys removed because their tag or category no longer has posts, or their archive was superseded. */
  deleted: string[];
  /** The archive files this run publishes, and how many it wrote; absent when there are none. */
  archives?: { files: number; written: number };
  /** One per hub and changed feed, when `hub` is set and feeds were written. */
  pings?: PingOutcome[];
  requests: RequestCounts;
  dryRun: boolean;
  durationMs: number;
}

/** A WebSub publish ping: a hub told that a feed changed. */
export interface PingOutcome {
  hub: string;
  /** The feed's absolute URL, as sent in `hub.url`. */
  feed: string;
  ok: boolean;
  attempts: number;
  /** Why the last attempt failed: `HTTP 500 Internal Server Error`, `no answer within 5000 ms`, `ECONNREFUSED`. */
  error?: string;
}

/** Timeout and retries of a WebSub ping (see websub.ts). */
export interface PingOptions {
  /** How long one attempt may take, answer included. */
  timeoutMs: number;
  /** Attempts per ping, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles for each one after. */
  backoffMs: number;
}
