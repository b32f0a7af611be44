/**
 * Ids are sticky: once a post was published with an id, later builds keep it, even when the
 * post's URL changes, on a forced rebuild, and on later edits.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { buildMemory, formats, post, readFeedSet, siteConfig } from './helpers.ts';
import { children, NS, rssChannel } from '../support/feed-checks.ts';

const FIRST_URL = 'https://blog.example.com/first-slug/';
const NEW_URL = 'https://blog.example.com/renamed-slug/';

const ORIGINAL = post({ title: 'Moving post', date: '2026-05-01T00:00:00Z', slug: 'first-slug', tags: ['moves'] }, 'Body.\n');
const RENAMED = post({ title: 'Moving post', date: '2026-05-01T00:00:00Z', slug: 'renamed-slug', tags: ['moves'] }, 'Body.\n');
const OTHER = post({ title: 'Other post', date: '2026-04-01T00:00:00Z' }, 'Other.\n');

async function expectIdAndUrl(out: Parameters<typeof readFeedSet>[0], dir: string, id: string, url: string) {
  for (const [format, items] of formats(await readFeedSet(out, dir))) {
    const item = items.find((candidate) => candidate.title === 'Moving post');
    expect(item?.id, `${dir}${format} id`).toBe(id);
    expect(item?.url, `${dir}${format} url`).toBe(url);
  }
}

describe('a post whose slug changes after it was published', () => {
  it('keeps its first id in all three formats (main and tag feeds) while its link follows the new URL', async () => {
    const source = createMemoryStore({ 'moving.md': ORIGINAL, 'other.md': OTHER });
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await expectIdAndUrl(out, '', FIRST_URL, FIRST_URL);

    await source.put('moving.md', RENAMED, 'text/markdown');
    const { summary } = await buildMemory({}, { source, out });
    expect(summary.feeds.find((feed) => feed.key === 'rss.xml')?.changed).toBe(true);
    await expectIdAndUrl(out, '', FIRST_URL, NEW_URL);
    await expectIdAndUrl(out, 'tags/moves/', FIRST_URL, NEW_URL);

    // RSS: the guid is no longer the permalink, and says so.
    const item = children(rssChannel((await readFeedSet(out)).texts.rss), NS.none, 'item')[0]!;
    const guid = children(item, NS.none, 'guid')[0]!;
    expect(guid.text).toBe(FIRST_URL);
    expect(guid.attributes.isPermaLink).toBe('false');
  });

  it('keeps it on a forced rebuild, and on a later edit', async () => {
    const source = createMemoryStore({ 'moving.md': ORIGINAL, 'other.md': OTHER });
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await source.put('moving.md', RENAMED, 'text/markdown');
    await buildMemory({}, { source, out });

    await buildMemory({}, { source, out, force: true });
    await expectIdAndUrl(out, '', FIRST_URL, NEW_URL);

    await source.put('moving.md', RENAMED.replace('Body.', 'Body, edited again.'), 'text/markdown');
    await buildMemory({}, { source, out });
    await expectIdAndUrl(out, '', FIRST_URL, NEW_URL);

    await buildMemory({}, { source, out, force: true });
    await expectIdAndUrl(out, 'tags/moves/', FIRST_URL, NEW_URL);
  });

  it('keeps it when a setting that changes every URL changes (the permalink pattern)', async () => {
    const source = createMemoryStore({ 'moving.md': ORIGINAL, 'other.md': OTHER });
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await buildMemory({}, { source, out, config: siteConfig({ permalink: '/:year/:slug/' }) });
    await expectIdAndUrl(out, '', FIRST_URL, 'https://blog.example.com/2026/first-slug/');
  });

  it('is not sticky before it was ever published: a draft renamed before publishing gets the new id', async () => {
    const source = createMemoryStore({ 'moving.md': ORIGINAL.replace('---\ntitle', '---\ndraft: true\ntitle'), 'other.md': OTHER });
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await source.put('moving.md', RENAMED, 'text/markdown');
    await buildMemory({}, { source, out });
    await expectIdAndUrl(out, '', NEW_URL, NEW_URL);
  });

  it('keeps it through a spell as a draft and a spell as a broken file', async () => {
    const source = createMemoryStore({ 'moving.md': ORIGINAL, 'other.md': OTHER });
    const out = createMemoryStore();
    await buildMemory({}, { source, out });

    await source.put('moving.md', RENAMED.replace('---\ntitle', '---\ndraft: true\ntitle'), 'text/markdown');
    const asDraft = await buildMemory({}, { source, out });
    expect(asDraft.summary.drafts).toBe(1);
    await source.put('moving.md', '---\ntitle: "broken\n---\nBody.\n', 'text/markdown');
    const asBroken = await buildMemory({}, { source, out });
    expect(asBroken.summary.skipped.map((skip) => skip.key)).toEqual(['moving.md']);

    await source.put('moving.md', RENAMED, 'text/markdown');
    await buildMemory({}, { source, out });
    await expectIdAndUrl(out, '', FIRST_URL, NEW_URL);
  });
});

describe('ids within one feed', () => {
  it('are unique even when two posts resolve to the same permalink (JSON Feed requires unique ids)', async () => {
    const { summary, out } = await buildMemory({
      'notes/same.md': post({ title: 'Same slug in notes', date: '2026-05-02T00:00:00Z' }),
      'essays/same.md': post({ title: 'Same slug in essays', date: '2026-05-01T00:00:00Z' }),
    });
    for (const [format, items] of formats(await readFeedSet(out))) {
      const ids = items.map((item) => item.id);
      expect(new Set(ids).size, `${format}: ${ids.join(', ')}`).toBe(ids.length);
    }
    // Whatever the engine does about it, the author hears of the collision.
    const reported = [...summary.warnings.map((w) => w.warning), ...summary.skipped.map((s) => s.error)].join('\n');
    expect(reported).toMatch(/notes\/same\.md|essays\/same\.md/);
  });
});

