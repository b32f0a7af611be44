/** How a feed's archived posts are cut into pages, and how pages are named: a table of post sizes → page sizes. */
import { describe, expect, it } from 'vitest';
import { ARCHIVE_PAGE_ITEMS, archivePages, isArchiveKey } from '../../src/feeds/archive-pages.ts';

/** Posts `0…n-1`, newest first (post n-1 is the oldest), each with the bound given. */
function posts(bounds: readonly number[]) {
  return bounds.map((bound, index) => ({ id: `post-${index}`, bound }));
}

const entryOf = (post: { id: string; bound: number }) => ({ digest: post.id, bound: post.bound });

/** Each page's post count, newest page first. */
function pageSizes(bounds: readonly number[], itemBytes: number): number[] {
  return archivePages(posts(bounds), entryOf, { feed: 'feed', itemBytes }).map((page) => page.posts.length);
}

describe('archive pages', () => {
  it.each([
    { name: 'no post: no page', bounds: [], itemBytes: 1000, sizes: [] },
    { name: 'fewer than a page', bounds: Array(3).fill(10), itemBytes: 1000, sizes: [3] },
    { name: 'counted from the oldest: the newest page is the partial one', bounds: Array(ARCHIVE_PAGE_ITEMS + 7).fill(1), itemBytes: 1e9, sizes: [7, ARCHIVE_PAGE_ITEMS] },
    { name: 'exactly a page', bounds: Array(ARCHIVE_PAGE_ITEMS).fill(1), itemBytes: 1e9, sizes: [ARCHIVE_PAGE_ITEMS] },
    { name: 'cut where the next post would pass the budget', bounds: [10, 10, 10, 10, 10], itemBytes: 25, sizes: [1, 2, 2] },
    { name: 'a post larger than the budget gets a page of its own', bounds: [10, 100, 10], itemBytes: 25, sizes: [1, 1, 1] },
    { name: 'exactly the budget fits', bounds: [10, 15, 10], itemBytes: 25, sizes: [1, 2] },
  ])('$name', ({ bounds, itemBytes, sizes }) => {
    expect(pageSizes(bounds, itemBytes)).toEqual(sizes);
  });

  it('links each page to the one just older, holds every post once, newest first, and names files it owns', () => {
    const all = posts(Array(1203).fill(1));
    const pages = archivePages(all, entryOf, { feed: 'feed', itemBytes: 1e9 });
    expect(pages.flatMap((page) => page.posts)).toEqual(all);
    pages.forEach((page, index) => expect(page.older).toEqual(pages[index + 1]?.files));
    for (const page of pages) for (const key of Object.values(page.files)) expect(isArchiveKey(key), key).toBe(true);
    expect(isArchiveKey('archives/my-notes.json')).toBe(false);
  });

  it('renames a page when a post in it, the page before it or the feed changes, and no older page', () => {
    const names = (list: { id: string; bound: number }[], feed = 'feed') => archivePages(list, entryOf, { feed, itemBytes: 1e9 }).map((page) => page.name);
    const base = posts(Array(1203).fill(1));
    const [newest, middle, oldest] = names(base);
    const editedMiddle = base.map((post, index) => (index === 700 ? { ...post, id: 'edited' } : post));
    expect(names(editedMiddle)).toEqual([expect.not.stringMatching(newest as string), expect.not.stringMatching(middle as string), oldest]);
    const newPost = [{ id: 'new', bound: 1 }, ...base];
    expect(names(newPost).slice(1)).toEqual([middle, oldest]);
    expect(names(base, 'another feed').filter((name) => [newest, middle, oldest].includes(name))).toEqual([]);
  });
});
