import type { PostMeta } from '../model.ts';
import { compareKeys } from '../text/compare.ts';

export interface IdClash {
  key: string;
  error: string;
}

export interface PostId {
  id: string;
  /** The id has been in a feed before: it belongs to this post. */
  published: boolean;
}

/**
 * Two posts that resolve to the same permalink would share an id, and readers would merge
 * them. The post that published the id first keeps it (else the first key); the others are
 * skipped with the fix.
 */
export function uniqueIds(posts: readonly PostMeta[], idOf: (post: PostMeta) => PostId): { unique: PostMeta[]; clashes: IdClash[] } {
  const owner = new Map<string, string>();
  const unique: PostMeta[] = [];
  const clashes: IdClash[] = [];
  const claims = posts.map((post) => ({ post, ...idOf(post) }));
  claims.sort((a, b) => Number(b.published) - Number(a.published) || compareKeys(a.post.key, b.post.key));
  for (const { post, id } of claims) {
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
