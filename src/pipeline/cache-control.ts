import type { OutputKind } from '../model.ts';

/**
 * The `Cache-Control` each kind of file is written with (S3 sends it; for a local `out` the
 * README's Outputs section says what to configure). One place, so a new kind of file cannot be
 * written without deciding how long it may be kept.
 */
export const CACHE_CONTROL: Readonly<Record<OutputKind, string>> = {
  // Readers take max-age as the least wait before their next poll, and caches serve it that long:
  // 10 minutes keeps a feed at most two scheduled runs (5 minutes apart) behind its posts.
  feed: 'public, max-age=600',
  // Named by a digest of what it is made from: a changed archive gets a new name, so any copy is good for ever.
  archive: 'public, max-age=31536000, immutable',
  // A stylesheet or a page for people who open a feed in a browser: looked at, not polled.
  page: 'public, max-age=86400',
  // The build's own state, replaced by every run that changes anything: a copy must be revalidated.
  state: 'no-cache',
};
