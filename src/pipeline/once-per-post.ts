import type { PostMeta } from '../model.ts';

/** `make`, remembered by post: a post is in the main feed and in each of its terms' feeds. */
export function oncePerPost<T>(make: (post: PostMeta) => T): (post: PostMeta) => T {
  const made = new Map<string, T>();
  return (post) => {
    let value = made.get(post.key);
    if (value === undefined) {
      value = make(post);
      made.set(post.key, value);
    }
    return value;
  };
}
