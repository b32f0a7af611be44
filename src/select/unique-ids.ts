import type { PostMeta } from '../model.ts';
import { compareKeys } from '../text/compare.ts';

export interface IdClash {
  key: string;
  error: string;
}

/**
 * Two posts that resolve to the same permalink would share an id, and readers would merge
 * them. An id already published belongs to its post (`claimed`: id → key), even while that
 * post is a draft; otherwise the first key takes it. The others are skipped with the fix.
 */
export function uniqueIds(
  posts: readonly PostMeta[],
  idOf: (post: PostMeta) => string,
  claimed: ReadonlyMap<string, string>,
): { unique: PostMeta[]; clashes: IdClash[] } {
  const owner = new Map(claimed);
  const unique: PostMeta[] = [];
  const clashes: IdClash[] = [];
  for (const post of [...posts].sort((a, b) => compareKeys(a.key, b.key))) {
    const id = idOf(post);
    const first = owner.get(id);
    if (first === undefined || first === post.key) {
      owner.set(id, post.key);
      unique.push(post);
    } else {
      clashes.push({
        key: post.key,
        error: `${post.key}: its id ${id} is also ${first}'s (same permalink); give one of them its own slug: or url:`,
      });
    }
  }
  return { unique, clashes };
}
