import type { PostMeta } from '../model.ts';
import { compareKeys } from '../text/compare.ts';

export interface IdClash {
  key: string;
  error: string;
}

export interface IdAssignment {
  unique: PostMeta[];
  clashes: IdClash[];
  /** Key → the id each unique post carries in the feeds. */
  ids: Map<string, string>;
}

export interface IdSources {
  /** The id a post was first published with, if it was. */
  publishedIdOf: (post: PostMeta) => string | undefined;
  /** Published ids → the key that owns them, live or not (a draft keeps its id). */
  claimed: ReadonlyMap<string, string>;
  /** A post's link as of this run, when known (live posts, and drafts read in this run). */
  currentUrlOf: (key: string) => string | undefined;
  /** A stable id of the post's own, for a newcomer whose link was once another post's id. */
  fallbackId: (post: PostMeta) => string;
}

/**
 * Every post in a feed needs an id of its own, or readers merge two posts into one. A post
 * keeps the id it was first published with. A newcomer whose id is taken is skipped when it
 * really shares a permalink (the site itself would serve only one of them), or gets an id of
 * its own when the owner has since moved to another link.
 */
export function assignIds(posts: readonly PostMeta[], { publishedIdOf, claimed, currentUrlOf, fallbackId }: IdSources): IdAssignment {
  const taken = new Map(claimed);
  const result: IdAssignment = { unique: [], clashes: [], ids: new Map() };
  const order = [...posts].sort(
    (a, b) => Number(publishedIdOf(b) !== undefined) - Number(publishedIdOf(a) !== undefined) || compareKeys(a.key, b.key),
  );
  for (const post of order) {
    let id = publishedIdOf(post) ?? post.id;
    const owner = taken.get(id);
    if (owner !== undefined && owner !== post.key) {
      const ownerUrl = currentUrlOf(owner);
      const samePermalink = ownerUrl === post.url;
      const ownerMoved = ownerUrl !== undefined && !samePermalink && claimed.get(id) === owner;
      const ownId = ownerMoved && post.id === post.url ? fallbackId(post) : undefined;
      if (ownId === undefined || taken.has(ownId)) {
        result.clashes.push({ key: post.key, error: clashMessage(post, id, owner, ownerUrl === undefined ? 'hidden' : samePermalink ? 'link' : 'id') });
        continue;
      }
      id = ownId;
    }
    taken.set(id, post.key);
    result.ids.set(post.key, id);
    result.unique.push(post);
  }
  return result;
}

function clashMessage(post: PostMeta, id: string, owner: string, shared: 'link' | 'id' | 'hidden'): string {
  switch (shared) {
    case 'link':
      return `${post.key}: its link ${post.url} is also ${owner}'s, so readers would merge the two; give one of them its own slug: or url:`;
    case 'hidden':
      return `${post.key}: its id ${id} belongs to ${owner}, which is not published now; give this post its own slug:, url: or id:`;
    default:
      return `${post.key}: its id ${id} is also ${owner}'s; give it an id: of its own`;
  }
}
