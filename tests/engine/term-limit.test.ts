/**
 * Thousands of one-post tags (a site imported from elsewhere) would write three files each on
 * every full build: the most used terms keep their feeds, the rest are named in one warning.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TERM_FEEDS } from '../../src/feeds/feed-scopes.ts';
import { buildMemory, keys, post } from './helpers.ts';

const POSTS = 11;
const TAGS_PER_POST = 100;

/** Every post shares `common`; each has 99 tags of its own: 1 + 11 × 99 terms, over the limit. */
function files(): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: POSTS }, (_, i) => [
      `p${i}.md`,
      post({
        title: `Post ${i}`,
        date: `2026-01-${10 + i}T00:00:00Z`,
        tags: ['common', ...Array.from({ length: TAGS_PER_POST - 1 }, (_, t) => `own-${i}-${t}`)],
      }),
    ]),
  );
}

describe('the number of term feeds', () => {
  it(`stops at ${MAX_TERM_FEEDS}: the most used tag keeps its feed, the main feed has every post, one warning says how many got none`, async () => {
    const terms = 1 + POSTS * (TAGS_PER_POST - 1);
    expect(terms).toBeGreaterThan(MAX_TERM_FEEDS);
    const { summary, out } = await buildMemory(files());

    const stored = await keys(out);
    const termFolders = new Set(stored.filter((key) => key.startsWith('tags/')).map((key) => key.split('/')[1]));
    expect(termFolders.size).toBe(MAX_TERM_FEEDS);
    expect(termFolders.has('common')).toBe(true);
    expect(summary.published).toBe(POSTS);
    expect(summary.warnings).toEqual([
      {
        key: 'memory:/',
        warning: `${terms - MAX_TERM_FEEDS} tag(s) and categories get no feed: at most ${MAX_TERM_FEEDS} do, those with the most posts; merge rarely used tags to give the others one`,
      },
    ]);
  });
});
