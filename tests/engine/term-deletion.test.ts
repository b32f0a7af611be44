/**
 * A tag or category whose last published post goes away loses its three feed files, and the
 * summary lists them; the other feeds stay.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { buildMemory, formats, keys, NOW, post, readFeedSet, siteConfig, tempDir } from './helpers.ts';

const FILES: Record<string, string> = {
  'keeper.md': post({ title: 'Keeper', date: '2026-05-01T00:00:00Z', tags: ['kept', 'shared'], categories: ['Stays'] }),
  'leaver.md': post({ title: 'Leaver', date: '2026-04-01T00:00:00Z', tags: ['lonely', 'shared'], categories: ['Goes'] }),
};

const LONELY = ['tags/lonely/rss.xml', 'tags/lonely/atom.xml', 'tags/lonely/feed.json'];
const GOES = ['categories/goes/rss.xml', 'categories/goes/atom.xml', 'categories/goes/feed.json'];

describe('a term whose last post is deleted', () => {
  it('loses its three files in the out store, and summary.deleted lists them', async () => {
    const source = createMemoryStore(FILES);
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    const before = await keys(out);
    for (const key of [...LONELY, ...GOES]) expect(before, key).toContain(key);

    await source.delete('leaver.md');
    const { summary } = await buildMemory({}, { source, out });
    expect([...summary.deleted].sort()).toEqual([...LONELY, ...GOES].sort());
    const after = await keys(out);
    for (const key of [...LONELY, ...GOES]) expect(after, key).not.toContain(key);
    expect(summary.feeds.map((feed) => feed.key).filter((key) => key.includes('lonely') || key.includes('goes'))).toEqual([]);

    // Everything else is still there, and the shared tag lost only the item.
    expect(after.sort()).toEqual(before.filter((key) => ![...LONELY, ...GOES].includes(key)).sort());
    for (const [format, items] of formats(await readFeedSet(out, 'tags/shared/'))) {
      expect(items.map((item) => item.title), format).toEqual(['Keeper']);
    }
    expect(summary.feeds.find((feed) => feed.key === 'tags/shared/rss.xml')?.changed).toBe(true);
    expect(summary.feeds.find((feed) => feed.key === 'tags/kept/rss.xml')?.changed).toBe(false);
  });

  it('is not deleted again by the next build', async () => {
    const source = createMemoryStore(FILES);
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await source.delete('leaver.md');
    await buildMemory({}, { source, out });
    const deletesBefore = out.requests.delete;
    const { summary } = await buildMemory({}, { source, out });
    expect(summary.deleted).toEqual([]);
    expect(out.requests.delete).toBe(deletesBefore);
  });

  it('also goes when its last post becomes a draft, or loses the tag', async () => {
    const source = createMemoryStore(FILES);
    const out = createMemoryStore();
    await buildMemory({}, { source, out });
    await source.put('leaver.md', FILES['leaver.md']!.replace('---\ntitle', '---\ndraft: true\ntitle'), 'text/markdown');
    const asDraft = await buildMemory({}, { source, out });
    expect([...asDraft.summary.deleted].sort()).toEqual([...LONELY, ...GOES].sort());

    const retagged = createMemoryStore(FILES);
    const out2 = createMemoryStore();
    await buildMemory({}, { source: retagged, out: out2 });
    await retagged.put('leaver.md', post({ title: 'Leaver', date: '2026-04-01T00:00:00Z', tags: ['shared'], categories: ['Goes'] }), 'text/markdown');
    const untagged = await buildMemory({}, { source: retagged, out: out2 });
    expect([...untagged.summary.deleted].sort()).toEqual([...LONELY].sort());
    for (const key of LONELY) expect(await keys(out2), key).not.toContain(key);
  });

  it('loses its directory in a local output folder', async () => {
    const dir = await tempDir('term-deletion');
    const source = createMemoryStore(FILES);
    const build = () => runBuild({ config: siteConfig(), now: NOW, stores: { source, out: createLocalStore(dir) } });
    await build();
    expect(existsSync(join(dir, 'tags', 'lonely', 'rss.xml'))).toBe(true);
    await source.delete('leaver.md');
    const summary = await build();
    expect([...summary.deleted].sort()).toEqual([...LONELY, ...GOES].sort());
    expect(existsSync(join(dir, 'tags', 'lonely'))).toBe(false);
    expect(existsSync(join(dir, 'categories', 'goes'))).toBe(false);
    expect(existsSync(join(dir, 'tags', 'kept', 'rss.xml'))).toBe(true);
  });
});
