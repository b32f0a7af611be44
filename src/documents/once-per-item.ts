import type { FeedItem } from '../model.ts';

/**
 * `make`, remembered for each item: a post is in the main feed and in each of its terms' feeds,
 * and what is made of its item depends on the item alone. A failure is remembered too, so every
 * document holding the item reports it. Keyed by the object: the pipeline makes one per post.
 */
export function oncePerItem<T>(make: (item: FeedItem) => T): (item: FeedItem) => T {
  const made = new Map<FeedItem, { value: T } | { error: unknown }>();
  return (item) => {
    let outcome = made.get(item);
    if (outcome === undefined) {
      try {
        outcome = { value: make(item) };
      } catch (error) {
        outcome = { error };
      }
      made.set(item, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };
}
