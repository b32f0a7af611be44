/**
 * Selection through the whole engine: what is excluded, the order, ties, and `limit` per feed,
 * asserted on the documents that were written.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { allTexts, buildMemory, formats, post, readFeedSet, reorderedStore, siteConfig } from './helpers.ts';

// NOW is 2026-06-01T00:00:00Z.
const WINDOW_POSTS: Record<string, string> = {
  'kept-newest.md': post({ title: 'Kept newest', date: '2026-05-20T10:00:00Z' }),
  'kept-middle.md': post({ title: 'Kept middle', date: '2026-04-02 08:00:00 +0200' }),
  'kept-oldest.md': post({ title: 'Kept oldest', date: '2019-01-01' }),
  'kept-publishdate-past.md': post({ title: 'Kept, publishDate passed', date: '2026-02-01T00:00:00Z', publishDate: '2026-05-01T00:00:00Z' }),
  'kept-expires-later.md': post({ title: 'Kept, expires later', date: '2026-03-01T00:00:00Z', expiryDate: '2026-12-31T00:00:00Z' }),
  'draft.md': post({ title: 'Excluded draft', date: '2026-05-01T00:00:00Z', draft: true }),
  'unpublished.md': post({ title: 'Excluded published false', date: '2026-05-01T00:00:00Z', published: false }),
  'future-date.md': post({ title: 'Excluded future date', date: '2026-06-01T00:00:01Z' }),
  'future-publishdate.md': post({ title: 'Excluded future publishDate', date: '2026-01-01T00:00:00Z', publishDate: '2026-07-01T00:00:00Z' }),
  'expired.md': post({ title: 'Excluded expired', date: '2026-01-01T00:00:00Z', expiryDate: '2026-05-31T23:59:59Z' }),
  'expired-lowercase.md': post({ title: 'Excluded expired lowercase key', date: '2026-01-01T00:00:00Z', expirydate: '2026-02-01' }),
};

describe('which posts are published', () => {
  it('excludes drafts, published: false, future date or publishDate and expired posts; newest first', async () => {
    const { summary, out } = await buildMemory(WINDOW_POSTS);
    expect(summary.skipped).toEqual([]);
    expect(summary.published).toBe(5);
    const expected = ['Kept newest', 'Kept middle', 'Kept, expires later', 'Kept, publishDate passed', 'Kept oldest'];
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(expected);
      const instants = items.map((item) => item.published);
      expect([...instants].sort().reverse(), format).toEqual(instants);
    }
    for (const [key, body] of await allTexts(out)) {
      if (key.startsWith('.feedbucket/')) continue;
      expect(body, key).not.toContain('Excluded');
    }
  });

  it('publishes a future post once the clock has passed its date', async () => {
    const later = new Date('2026-07-02T00:00:00Z');
    const { out } = await buildMemory(WINDOW_POSTS, { now: later });
    const titles = (await readFeedSet(out)).json.map((item) => item.title);
    expect(titles).toContain('Excluded future date');
    expect(titles).toContain('Excluded future publishDate');
    expect(titles).not.toContain('Excluded draft');
    expect(titles).not.toContain('Excluded expired');
  });
});

describe('ties', () => {
  // Four posts at the same instant, two of them written with an offset.
  const TIED: Record<string, string> = {
    'b.md': post({ title: 'Tie B', date: '2026-03-01T12:00:00Z', tags: ['tie'] }),
    'a.md': post({ title: 'Tie A', date: '2026-03-01T13:00:00+01:00', tags: ['tie'] }),
    'd.md': post({ title: 'Tie D', date: '2026-03-01T07:00:00-05:00', tags: ['tie'] }),
    'c.md': post({ title: 'Tie C', date: '2026-03-01T12:00:00.000Z', tags: ['tie'] }),
    'older.md': post({ title: 'Older', date: '2026-02-01T00:00:00Z', tags: ['tie'] }),
  };
  const ORDERS: [string, (keys: string[]) => string[]][] = [
    ['as listed', (keys) => keys],
    ['reversed', (keys) => [...keys].reverse()],
    ['rotated', (keys) => [...keys.slice(2), ...keys.slice(0, 2)]],
    ['interleaved', (keys) => [...keys.filter((_, i) => i % 2 === 1), ...keys.filter((_, i) => i % 2 === 0)]],
  ];

  it('are ordered the same whatever order the source lists the posts in', async () => {
    const outputs: Map<string, string>[] = [];
    const orders: string[][] = [];
    for (const [, order] of ORDERS) {
      const source = reorderedStore(createMemoryStore(TIED), order);
      const { out } = await buildMemory({}, { source, config: siteConfig({ limit: 3 }) });
      outputs.push(await allTexts(out));
      orders.push((await readFeedSet(out)).rss.map((item) => item.title));
    }
    expect(orders[0]).toHaveLength(3);
    for (const order of orders) expect(order).toEqual(orders[0]);
    for (const [index, texts] of outputs.entries()) {
      expect([...texts.keys()].sort(), ORDERS[index]![0]).toEqual([...outputs[0]!.keys()].sort());
      for (const [key, body] of texts) expect(body, `${ORDERS[index]![0]}: ${key}`).toBe(outputs[0]!.get(key));
    }
  });

  it('keep one order in all three formats and in the tag feed', async () => {
    const { out } = await buildMemory(TIED);
    const main = await readFeedSet(out);
    const tag = await readFeedSet(out, 'tags/tie/');
    const titles = main.rss.map((item) => item.title);
    expect(titles.at(-1)).toBe('Older');
    for (const set of [main, tag]) {
      for (const [format, items] of formats(set)) expect(items.map((item) => item.title), format).toEqual(titles);
    }
  });
});

describe('limit', () => {
  // p1 is the newest. All are tagged `all`; odd ones `odd`; only the oldest `last`.
  const LIMITED: Record<string, string> = Object.fromEntries(
    [1, 2, 3, 4, 5].map((n) => [
      `p${n}.md`,
      post({
        title: `Post ${n}`,
        date: `2026-0${6 - n}-01T00:00:00Z`,
        tags: ['all', ...(n % 2 === 1 ? ['odd'] : []), ...(n === 5 ? ['last'] : [])],
      }),
    ]),
  );

  it('applies to the main feed and to each tag feed on its own', async () => {
    const { summary, out } = await buildMemory(LIMITED, { config: siteConfig({ limit: 2 }) });
    expect(summary.published).toBe(5);
    const expected: Record<string, string[]> = {
      '': ['Post 1', 'Post 2'],
      'tags/all/': ['Post 1', 'Post 2'],
      'tags/odd/': ['Post 1', 'Post 3'],
      'tags/last/': ['Post 5'],
    };
    for (const [dir, titles] of Object.entries(expected)) {
      for (const [format, items] of formats(await readFeedSet(out, dir))) {
        expect(items.map((item) => item.title), `${dir}${format}`).toEqual(titles);
      }
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        expect(summary.feeds.find((feed) => feed.key === `${dir}${file}`)?.items, `${dir}${file}`).toBe(titles.length);
      }
    }
  });

  it('of 1 gives one item per feed', async () => {
    const { summary } = await buildMemory(LIMITED, { config: siteConfig({ limit: 1 }) });
    for (const feed of summary.feeds) expect(feed.items, feed.key).toBe(1);
  });
});

describe('scheduled builds with no change in the source', () => {
  const SCHEDULED: Record<string, string> = {
    'steady.md': post({ title: 'Steady', date: '2026-05-01T00:00:00Z', tags: ['steady'] }),
    'soon.md': post({ title: 'Soon', date: '2026-06-10T00:00:00Z', tags: ['soon'] }),
    'fleeting.md': post({ title: 'Fleeting', date: '2026-05-02T00:00:00Z', expiryDate: '2026-06-05T00:00:00Z', tags: ['fleeting'] }),
  };

  it('publish a post once its date passes and drop one once it expires, with their tag feeds', async () => {
    const source = createMemoryStore(SCHEDULED);
    const out = createMemoryStore();
    const first = await buildMemory({}, { source, out });
    expect((await readFeedSet(out)).json.map((item) => item.title)).toEqual(['Fleeting', 'Steady']);
    expect(first.summary.feeds.some((feed) => feed.key.startsWith('tags/soon/'))).toBe(false);

    const later = await buildMemory({}, { source, out, now: new Date('2026-06-20T00:00:00Z') });
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Soon', 'Steady']);
    }
    expect(later.summary.feeds.find((feed) => feed.key === 'rss.xml')?.changed).toBe(true);
    expect(later.summary.feeds.find((feed) => feed.key === 'tags/soon/rss.xml')?.changed).toBe(true);
    expect([...later.summary.deleted].sort()).toEqual(['tags/fleeting/atom.xml', 'tags/fleeting/feed.json', 'tags/fleeting/rss.xml']);
    expect((await allTexts(out)).has('tags/fleeting/rss.xml')).toBe(false);
  });
});

