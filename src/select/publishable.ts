import type { PostMeta } from '../model.ts';
import { compareKeys } from '../text/compare.ts';

export type Exclusion = 'draft' | 'future' | 'expired';

/** Why a post is not in any feed at instant `now` (ISO), or undefined when it is published. */
export function exclusionOf(post: PostMeta, now: string): Exclusion | undefined {
  if (post.draft) return 'draft';
  if (post.date > now || (post.publishDate !== undefined && post.publishDate > now)) return 'future';
  if (post.expiryDate !== undefined && post.expiryDate <= now) return 'expired';
  return undefined;
}

/** Newest first; equal dates fall back to the permalink, then the key, so order never depends on listing order. */
export function newestFirst(a: PostMeta, b: PostMeta): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  return compareKeys(a.url, b.url) || compareKeys(a.key, b.key);
}
