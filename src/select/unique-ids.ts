import type { PostMeta } from '../model.ts';

export interface IdClash {
  key: string;
  error: string;
}

/**
 * Two posts that resolve to the same permalink would share an id, and readers would merge
 * them. The one with the first key keeps it; the others are skipped with the fix.
 */
export function uniqueIds(posts: readonly PostMeta[], idOf: (post: PostMeta) => string): { unique: PostMeta[]; clashes: IdClash[] } {
  const owner = new Map<string, string>();
  const unique: PostMeta[] = [];
  const clashes: IdClash[] = [];
  for (const post of [...posts].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const id = idOf(post);
    const first = owner.get(id);
    if (first === undefined) {
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
