/**
 * Posts the engine cannot use, mixed with good ones: each is skipped with its key and a reason
 * naming the problem, the good ones are still published; a source with nothing publishable
 * makes the build fail without writing anything.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { allTexts, buildMemory, countingStore, formats, keys, NOW, post, readFeedSet, SEED_POST, siteConfig, tempDir } from './helpers.ts';

const encoder = new TextEncoder();

const GOOD: Record<string, string> = {
  'good-1.md': post({ title: 'Good one', date: '2026-05-01T00:00:00Z', tags: ['fine'] }),
  'good-2.md': post({ title: 'Good two', date: '2026-04-01T00:00:00Z' }),
};

const BAD_TEXT: Record<string, string> = {
  'bad-date.md': post({ title: 'Bad date', date: 'September 8, 2014, or so' }),
  // No title is fine for a post with text (Jekyll titles it from the file name); with no text it is nothing.
  'no-title.md': post({ date: '2026-03-01T00:00:00Z', tags: ['fine'] }, ''),
  'yaml-error.md': '---\ntitle: "Unclosed quote\ndate: 2026-03-01T00:00:00Z\n---\nBody.\n',
  'no-front-matter.md': 'Just a note, no front matter at all.\n',
};

/** A PNG header saved with a .md name. */
const BINARY = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
/** `Café` in Latin-1: 0xE9 is not UTF-8. */
const LATIN1 = Uint8Array.from([...encoder.encode('---\ntitle: Caf'), 0xe9, ...encoder.encode('\ndate: 2026-03-01T00:00:00Z\n---\nBody.\n')]);

async function mixedSource() {
  const source = createMemoryStore({ ...GOOD, ...BAD_TEXT });
  await source.put('binary.md', BINARY, 'application/octet-stream');
  await source.put('latin1.md', LATIN1, 'text/markdown');
  return source;
}

const REASONS: Record<string, RegExp> = {
  'bad-date.md': /September 8, 2014, or so/,
  'no-title.md': /title/i,
  'yaml-error.md': /YAML/,
  'no-front-matter.md': /front matter/i,
  'binary.md': /binary/i,
  'latin1.md': /UTF-8/,
};

describe('posts that cannot be used', () => {
  it('are each skipped with their key and a reason naming the problem', async () => {
    const { summary } = await buildMemory({}, { source: await mixedSource() });
    expect(summary.skipped.map((skip) => skip.key).sort()).toEqual(Object.keys(REASONS).sort());
    for (const [key, reason] of Object.entries(REASONS)) {
      const skip = summary.skipped.find((entry) => entry.key === key);
      expect(skip?.error, key).toMatch(reason);
      expect(skip?.error, key).toContain(key); // a message that reads on its own
    }
    expect(summary.posts).toBe(8);
    expect(summary.published).toBe(2);
  });

  it('do not stop the good posts from being published in every format', async () => {
    const { summary, out } = await buildMemory({}, { source: await mixedSource() });
    expect(summary.errors).toEqual([]);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Good one', 'Good two']);
    }
    // The post without a title was tagged `fine` too: it is not in that feed either.
    for (const [format, items] of formats(await readFeedSet(out, 'tags/fine/'))) {
      expect(items.map((item) => item.title), format).toEqual(['Good one']);
    }
    for (const [key, body] of await allTexts(out)) {
      if (key.startsWith('.feedbucket/')) continue;
      expect(body, key).not.toMatch(/Bad date|Unclosed quote|Just a note|Caf/);
    }
  });

  it('are skipped again, with the same reasons, on the next build', async () => {
    const source = await mixedSource();
    const out = createMemoryStore();
    const first = await buildMemory({}, { source, out });
    const second = await buildMemory({}, { source, out });
    // Counted again, marked as known so that logs do not repeat them every run.
    expect(second.summary.skipped).toEqual(first.summary.skipped.map((skip) => ({ ...skip, repeated: true })));
  });
});

describe('a post whose title is only characters XML cannot carry', () => {
  // YAML `\x01` is U+0001: a title that is empty once made fit for XML.
  const FILES = { ...GOOD, 'control-title.md': '---\ntitle: "\\x01\\x02"\ndate: 2026-04-15T00:00:00Z\ntags: [fine]\n---\nBody.\n' };

  it('is skipped like a post without a title, and the feeds that would hold it are still written', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.errors).toEqual([]);
    expect(summary.skipped.map((skip) => skip.key)).toEqual(['control-title.md']);
    expect(summary.skipped[0]?.error).toMatch(/title/);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Good one', 'Good two']);
    }
  });
});

describe('a source with only drafts', () => {
  const SEED = readFileSync(SEED_POST, 'utf8');
  const DRAFTS = {
    'xen-and-kvm-in-2017.md': SEED,
    'other-draft.md': post({ title: 'Other draft', date: '2026-01-01T00:00:00Z', draft: true }),
    'unpublished.md': post({ title: 'Unpublished', date: '2026-01-01T00:00:00Z', published: false }),
  };

  it('makes runBuild reject with a BuildError and write nothing (memory store)', async () => {
    const out = createMemoryStore();
    const build = runBuild({ config: siteConfig(), now: NOW, stores: { source: createMemoryStore(DRAFTS), out } });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(/draft/);
    expect(await keys(out)).toEqual([]);
    expect(out.requests.put).toBe(0);
    expect(out.requests.delete).toBe(0);
  });

  it('makes runBuild reject and leaves an output directory empty', async () => {
    const dir = await tempDir('drafts-only');
    const build = runBuild({ config: siteConfig(), now: NOW, stores: { source: createMemoryStore(DRAFTS), out: createLocalStore(dir) } });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    expect(readdirSync(dir, { recursive: true })).toEqual([]);
  });

  it('makes runBuild reject when every post is skipped too, and leaves earlier feeds alone', async () => {
    const out = createMemoryStore();
    await buildMemory(GOOD, { out });
    const before = await allTexts(out);
    const putsBefore = out.requests.put;
    const broken = createMemoryStore({ ...BAD_TEXT, ...DRAFTS });
    await expect(runBuild({ config: siteConfig(), now: NOW, stores: { source: broken, out } })).rejects.toBeInstanceOf(BuildError);
    expect(out.requests.put).toBe(putsBefore);
    expect(await allTexts(out)).toEqual(before);
  });
});

describe('a 50 MB file among the posts', () => {
  it('is refused from its listed size, never read, while the others are published', async () => {
    const dir = await tempDir('huge-post');
    for (const [name, content] of Object.entries(GOOD)) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'video.md'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    const source = countingStore(createLocalStore(dir));
    const { summary } = await buildMemory({}, { source });
    expect(source.gets.get('video.md')).toBeUndefined();
    expect(summary.skipped).toEqual([{ key: 'video.md', error: expect.stringMatching(/^video\.md: is 50\.0 MiB, larger than/) }]);
    expect(summary.published).toBe(2);
  });
});

describe('a post with 2,000 tags', () => {
  const cloud = (count: number) =>
    post({ title: 'Tag cloud', date: '2026-03-15T00:00:00Z', tags: Array.from({ length: count }, (_, i) => `cloud-${i}`) });

  it('is skipped, naming the file, the line and the fix; not one feed is written for its tags', async () => {
    const { summary, out } = await buildMemory({ ...GOOD, 'tag-cloud.md': cloud(2000) });
    expect(summary.skipped).toEqual([
      { key: 'tag-cloud.md', error: 'tag-cloud.md:4: tags has 2,000 entries, more than the 100 a post may have (each is a feed of its own); keep the ones readers would follow' },
    ]);
    expect(summary.published).toBe(2);
    expect((await keys(out)).filter((key) => key.startsWith('tags/')).sort()).toEqual(['tags/fine/atom.xml', 'tags/fine/feed.json', 'tags/fine/rss.xml']);
  });

  it('once published with 2 tags, keeps its last good version and its 2 tag feeds', async () => {
    const first = await buildMemory({ ...GOOD, 'tag-cloud.md': cloud(2) });
    const second = await buildMemory({ ...GOOD, 'tag-cloud.md': cloud(2000) }, { out: first.out });
    expect(second.summary.skipped).toEqual([{ key: 'tag-cloud.md', error: expect.stringMatching(/tags has 2,000 entries.*\(the last good version stays published\)$/) }]);
    expect(second.summary.published).toBe(3);
    for (const [format, items] of formats(await readFeedSet(first.out, 'tags/cloud-1/'))) expect(items.map((item) => item.title), format).toEqual(['Tag cloud']);
    expect((await keys(first.out)).filter((key) => key.startsWith('tags/cloud-'))).toHaveLength(6);
  });
});
