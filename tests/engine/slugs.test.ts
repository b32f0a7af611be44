/**
 * Tag and category slugs through the whole engine: each is one safe path segment under
 * `tags/` or `categories/`, different names get different feeds, spellings that differ only
 * in case share one.
 */
import { describe, expect, it } from 'vitest';
import { buildMemory, feedDirs, formats, keys, post, readFeedSet } from './helpers.ts';

const TRICKY_TAGS = ['C++', 'C#', 'C', 'Ünïcödé', '日本語', '../etc', 'a/b'];

const FILES: Record<string, string> = {
  // One post per tricky tag, so each feed must hold exactly its own post.
  ...Object.fromEntries(
    TRICKY_TAGS.map((tag, index) => [`tricky-${index}.md`, post({ title: `Tagged ${tag}`, date: `2026-05-0${index + 1}T00:00:00Z`, tags: [tag] })]),
  ),
  'rust-upper.md': post({ title: 'Upper Rust', date: '2026-04-02T00:00:00Z', tags: ['Rust'] }),
  'rust-lower.md': post({ title: 'Lower rust', date: '2026-04-01T00:00:00Z', tags: ['rust'] }),
  'category.md': post({ title: 'In a tricky category', date: '2026-03-01T00:00:00Z', categories: ['../../etc/passwd', 'C++'] }),
};

function isSafeSegment(segment: string): boolean {
  return (
    segment !== '' &&
    segment !== '.' &&
    !segment.includes('..') &&
    !segment.includes('/') &&
    !segment.includes('\\') &&
    !/%2f|%5c|%2e/i.test(segment) &&
    !/[\u0000-\u001f\u007f]/.test(segment)
  );
}

describe('term slugs', () => {
  it('are distinct, safe single path segments for C++, C#, C, Ünïcödé, 日本語, ../etc and a/b', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.errors).toEqual([]);
    const tagDirs = feedDirs(summary).filter((dir) => dir.startsWith('tags/'));
    for (const dir of tagDirs) {
      const [kind, slug, rest] = dir.split('/');
      expect(kind).toBe('tags');
      expect(rest).toBe('');
      expect(isSafeSegment(slug!), JSON.stringify(slug)).toBe(true);
    }

    // Each tricky tag's post is alone in exactly one tag feed, and each feed says which tag it is.
    const slugOf = new Map<string, string>();
    for (const dir of tagDirs) {
      const set = await readFeedSet(out, dir);
      const titles = set.json.map((item) => item.title);
      for (const [format, items] of formats(set)) expect(items.map((item) => item.title), `${dir}${format}`).toEqual(titles);
      for (const tag of TRICKY_TAGS) {
        if (titles.includes(`Tagged ${tag}`)) {
          expect(slugOf.has(tag), `${tag} is in two feeds`).toBe(false);
          expect(titles, `${dir} holds only the post tagged ${tag}`).toEqual([`Tagged ${tag}`]);
          expect(set.json[0]?.categories).toEqual([tag]);
          slugOf.set(tag, dir.split('/')[1]!);
        }
      }
    }
    expect([...slugOf.keys()].sort()).toEqual([...TRICKY_TAGS].sort());
    expect(new Set(slugOf.values()).size).toBe(TRICKY_TAGS.length);
    expect(tagDirs).toHaveLength(TRICKY_TAGS.length + 1); // + the one Rust feed

    // Nothing was written outside tags/ and categories/ for them: every key is one of ours.
    for (const key of await keys(out)) {
      expect(key, key).toMatch(/^(rss\.xml|atom\.xml|feed\.json|\.feedbucket\/manifest\.json|(tags|categories)\/[^/]+\/(rss\.xml|atom\.xml|feed\.json))$/);
    }
  });

  it('put the feed at the URL its self links give', async () => {
    const { summary, out } = await buildMemory(FILES);
    for (const dir of feedDirs(summary).filter((d) => d !== '')) {
      const feed = JSON.parse((await readFeedSet(out, dir)).texts.json) as { feed_url: string };
      const path = decodeURIComponent(new URL(feed.feed_url).pathname);
      expect(path, dir).toBe(`/${dir}feed.json`);
    }
  });

  it('give Rust and rust one shared feed', async () => {
    const { summary, out } = await buildMemory(FILES);
    const rustDirs = feedDirs(summary).filter((dir) => /^tags\/rust\/$/i.test(dir));
    expect(rustDirs).toEqual(['tags/rust/']);
    for (const [format, items] of formats(await readFeedSet(out, 'tags/rust/'))) {
      expect(items.map((item) => item.title), format).toEqual(['Upper Rust', 'Lower rust']);
    }
  });

  it('keep a category named like a path inside categories/', async () => {
    const { summary, out } = await buildMemory(FILES);
    const categoryDirs = feedDirs(summary).filter((dir) => dir.startsWith('categories/'));
    expect(categoryDirs).toHaveLength(2);
    for (const dir of categoryDirs) {
      expect(isSafeSegment(dir.split('/')[1]!), dir).toBe(true);
      const set = await readFeedSet(out, dir);
      expect(set.json.map((item) => item.title)).toEqual(['In a tricky category']);
    }
  });
});
