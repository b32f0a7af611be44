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
  /** A stable id of the post's own, for a newcomer whose link was once another post's id. */
  fallbackId: (post: PostMeta) => string;
}

/**
 * Every post in a feed needs an id of its own, or readers merge two posts into one. A post
 * keeps the id it was first published with. A newcomer whose id is taken is skipped when it
 * really shares a permalink (the site itself would serve only one of them), or gets an id of
 * its own when the owner has since moved to another link.
 */
export function assignIds(posts: readonly PostMeta[], { publishedIdOf, claimed, fallbackId }: IdSources): IdAssignment {
  const live = new Map(posts.map((post) => [post.key, post]));
  const taken = new Map(claimed);
  const result: IdAssignment = { unique: [], clashes: [], ids: new Map() };
  const order = [...posts].sort(
    (a, b) => Number(publishedIdOf(b) !== undefined) - Number(publishedIdOf(a) !== undefined) || compareKeys(a.key, b.key),
  );
  for (const post of order) {
    let id = publishedIdOf(post) ?? post.id;
    const owner = taken.get(id);
    if (owner !== undefined && owner !== post.key) {
      const ownerPost = live.get(owner);
      // A hidden owner (a draft) keeps no link here; its id was its link.
      const samePermalink = ownerPost === undefined ? claimed.get(id) === owner : ownerPost.url === post.url;
      const ownerMoved = ownerPost !== undefined && !samePermalink && claimed.get(id) === owner;
      if (!ownerMoved || post.id !== post.url) {
        result.clashes.push({ key: post.key, error: clashMessage(post, id, owner, samePermalink) });
        continue;
      }
      id = fallbackId(post);
    }
    taken.set(id, post.key);
    result.ids.set(post.key, id);
    result.unique.push(post);
  }
  return result;
}

function clashMessage(post: PostMeta, id: string, owner: string, samePermalink: boolean): string {
  return samePermalink
    ? `${post.key}: its link ${post.url} is also ${owner}'s, so readers would merge the two; give one of them its own slug: or url:`
    : `${post.key}: its id ${id} is also ${owner}'s; give it an id: of its own`;
}
