/**
 * A source that shrinks sharply (a prefix set too deep, a listing that failed, lost access) is
 * refused before anything is written, unless the user says it is meant; and a blog whose posts
 * are all gone on purpose can be unpublished.
 */
import { describe, expect, it } from 'vitest';
import { BuildError } from '../../src/errors.ts';
import { MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { allTexts, buildMemory, post } from './helpers.ts';

function blog(posts: number, tagged = true): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < posts; i++) {
    const date = `2026-0${1 + (i % 5)}-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`;
    files[`posts/p${i}.md`] = post({ title: `Post ${i}`, date, ...(tagged ? { tags: [`tag-${i}`] } : {}) });
  }
  return files;
}

describe('a source that shrinks sharply', () => {
  it('from 100 posts to 1 is refused, nothing written; --allow-shrink publishes it', async () => {
    const out = createMemoryStore();
    await buildMemory(blog(100), { out });
    const before = await allTexts(out);

    const refused = await buildMemory({ 'posts/p0.md': blog(100)['posts/p0.md']! }, { out }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BuildError);
    expect((refused as Error).message).toMatch(/the published posts would go from 100 to 1 .*nothing was written.*--allow-shrink/s);
    expect(await allTexts(out)).toEqual(before);

    const allowed = await buildMemory({ 'posts/p0.md': blog(100)['posts/p0.md']! }, { out, allowShrink: true });
    expect(allowed.summary.published).toBe(1);
    expect(allowed.summary.deleted).toHaveLength(99 * 3);
  });

  it('that would delete most term feeds is refused too', async () => {
    const out = createMemoryStore();
    await buildMemory(blog(20), { out });
    const refused = await buildMemory(blog(20, false), { out }).catch((error: unknown) => error);
    expect((refused as Error).message).toMatch(/60 of the 63 feed files would be deleted/);
  });

  it('is ordinary for a small blog, or a few posts at a time', async () => {
    const out = createMemoryStore();
    await buildMemory(blog(8), { out });
    expect((await buildMemory(blog(1), { out })).summary.published).toBe(1);
    const big = createMemoryStore();
    await buildMemory(blog(40), { out: big });
    expect((await buildMemory(blog(25), { out: big })).summary.published).toBe(25);
  });
});

describe('unpublishing a blog', () => {
  it('with every post deleted and --allow-shrink, deletes every feed file and keeps the ids it published', async () => {
    const out = createMemoryStore();
    await buildMemory(blog(12), { out });
    await out.put('index.html', '<p>the site itself</p>', 'text/html');
    const gone = await buildMemory({}, { out, allowShrink: true });
    expect(gone.summary.feeds).toEqual([]);
    expect(gone.summary.deleted).toHaveLength(13 * 3);
    expect([...(await allTexts(out)).keys()].sort()).toEqual([MANIFEST_KEY, 'index.html']);
  });

  it('without --allow-shrink is refused, as a source that lost its posts would be', async () => {
    const out = createMemoryStore();
    await buildMemory(blog(12), { out });
    await expect(buildMemory({}, { out })).rejects.toThrow(/no post can be published/);
  });
});
