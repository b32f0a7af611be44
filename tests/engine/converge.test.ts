/**
 * A run that dies after writing some feeds but before its manifest (a failed PUT, a kill, a
 * Lambda timeout) is repaired by the next run: it converges to exactly what a fresh build gives,
 * the same bytes and the same set of files, because what is stored decides what is written.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { UnreadableObject } from '../../src/stores/store.ts';
import { allTexts, buildMemory, NOW, post, siteConfig, tempDir, wrapStore } from './helpers.ts';

const ORIGINAL = {
  'a.md': post({ title: 'A', date: '2026-05-01T00:00:00Z', tags: ['kept'] }, 'The original text.\n'),
  'b.md': post({ title: 'B', date: '2026-04-01T00:00:00Z', tags: ['kept', 'old'] }, 'Second post.\n'),
};

/** `out` whose manifest PUT fails once: the run wrote its feeds and died before recording them. */
function manifestFailsOnce(out: MemoryStore) {
  let failed = false;
  return wrapStore(out, {
    put: async (key, body, contentType) => {
      if (key === MANIFEST_KEY && !failed) {
        failed = true;
        throw new StoreError(`${key}: 503 SlowDown`);
      }
      return out.put(key, body, contentType);
    },
  });
}

/** The outputs a fresh build of `files` writes, manifest aside. */
async function freshOutputs(files: Record<string, string>): Promise<Map<string, string>> {
  const { out } = await buildMemory(files);
  return withoutManifest(await allTexts(out));
}

function withoutManifest(texts: Map<string, string>): Map<string, string> {
  texts.delete(MANIFEST_KEY);
  return texts;
}

async function expectConverged(out: MemoryStore, files: Record<string, string>): Promise<void> {
  const stored = withoutManifest(await allTexts(out));
  const fresh = await freshOutputs(files);
  expect([...stored.keys()].sort()).toEqual([...fresh.keys()].sort());
  for (const [key, text] of fresh) expect(stored.get(key), key).toBe(text);
}

describe('a run whose manifest was never written', () => {
  it('is undone when the author reverts the edit: the feed gets the original text back', async () => {
    const out = createMemoryStore();
    await buildMemory(ORIGINAL, { out });
    const edited = { ...ORIGINAL, 'a.md': ORIGINAL['a.md'].replace('The original text.', 'An edit, reverted later.') };
    await expect(buildMemory(edited, { out: manifestFailsOnce(out) as MemoryStore })).rejects.toThrow(/503/);
    expect((await allTexts(out)).get('feed.json')).toContain('An edit, reverted later.');

    const next = await buildMemory(ORIGINAL, { out });
    expect(next.summary.feeds.filter((feed) => feed.changed).length).toBeGreaterThan(0);
    await expectConverged(out, ORIGINAL);
  });

  it('leaves no tag feed behind when the new tag it wrote loses its post', async () => {
    const out = createMemoryStore();
    await buildMemory(ORIGINAL, { out });
    const tagged = { ...ORIGINAL, 'c.md': post({ title: 'C', date: '2026-05-02T00:00:00Z', tags: ['fresh'] }) };
    await expect(buildMemory(tagged, { out: manifestFailsOnce(out) as MemoryStore })).rejects.toThrow(/503/);
    expect((await allTexts(out)).has('tags/fresh/rss.xml')).toBe(true);

    const next = await buildMemory(ORIGINAL, { out });
    expect(next.summary.deleted).toEqual(['tags/fresh/atom.xml', 'tags/fresh/feed.json', 'tags/fresh/rss.xml']);
    await expectConverged(out, ORIGINAL);
  });

  it('writes a tag feed again when its tag comes back after a run that deleted it', async () => {
    const out = createMemoryStore();
    await buildMemory(ORIGINAL, { out });
    const untagged = { ...ORIGINAL, 'b.md': post({ title: 'B', date: '2026-04-01T00:00:00Z', tags: ['kept'] }, 'Second post.\n') };
    await expect(buildMemory(untagged, { out: manifestFailsOnce(out) as MemoryStore })).rejects.toThrow(/503/);
    expect((await allTexts(out)).has('tags/old/rss.xml')).toBe(false);

    await buildMemory(ORIGINAL, { out });
    await expectConverged(out, ORIGINAL);
  });

  it('is repaired by a forced rebuild too, byte for byte', async () => {
    const out = createMemoryStore();
    await buildMemory(ORIGINAL, { out });
    await out.put('atom.xml', '<feed xmlns="http://www.w3.org/2005/Atom"><title>same size?</title></feed>', 'application/atom+xml');
    await buildMemory(ORIGINAL, { out, force: true });
    await expectConverged(out, ORIGINAL);
  });
});

describe('a local run killed while it wrote', () => {
  it('leaves temporary files that the next run removes', async () => {
    const root = await tempDir('leftovers');
    const publicDir = join(root, 'public');
    const source = createMemoryStore(ORIGINAL);
    const out = createLocalStore(publicDir);
    await runBuild({ config: siteConfig(), now: NOW, stores: { source, out } });
    // What `writeAtomically` leaves when the process dies between writing and renaming.
    mkdirSync(join(publicDir, 'tags', 'kept'), { recursive: true });
    writeFileSync(join(publicDir, '.rss.xml.0123456789ab.tmp'), '<rss');
    writeFileSync(join(publicDir, 'tags', 'kept', '.atom.xml.ba9876543210.tmp'), '<feed');
    writeFileSync(join(publicDir, '.my-own-notes.tmp'), 'not ours: kept');

    const next = await runBuild({ config: siteConfig(), now: NOW, stores: { source, out } });
    expect(next.deleted.sort()).toEqual(['.rss.xml.0123456789ab.tmp', 'tags/kept/.atom.xml.ba9876543210.tmp']);
    expect(readdirSync(publicDir).filter((name) => name.endsWith('.tmp'))).toEqual(['.my-own-notes.tmp']);
  });
});

describe('a stored feed the run may not read', () => {
  it('(an ETag that is no MD5, and a GET refused, as the Lambda role refuses it) is written again rather than stopping the run', async () => {
    const out = createMemoryStore();
    await buildMemory(ORIGINAL, { out });
    const edited = { ...ORIGINAL, 'a.md': ORIGINAL['a.md'].replace('The original text.', 'Edited.') };
    const refused: string[] = [];
    const multipart = wrapStore(out, {
      list: async () => (await out.list()).map((entry) => (entry.key === 'rss.xml' ? { ...entry, etag: `${entry.etag}-2` } : entry)),
      get: async (key) => {
        if (key !== 'rss.xml') return out.get(key);
        refused.push(key);
        throw new UnreadableObject('memory:/', key, 'AccessDenied: Access Denied (HTTP 403)', 1);
      },
    }) as MemoryStore;
    const { summary } = await buildMemory(edited, { out: multipart });
    expect(refused).toEqual(['rss.xml']);
    expect(summary.feeds.find((feed) => feed.key === 'rss.xml')?.changed).toBe(true);
    await expectConverged(out, edited);
  });
});

describe('a bucket under SSE-KMS, whose ETags are no MD5s', () => {
  /** S3 with SSE-KMS: every ETag is 32 hex digits, but not the MD5 of the bytes. */
  function kmsStore(inner: MemoryStore): MemoryStore {
    const tags = new Map<string, string>();
    const kmsTag = (body: string | Uint8Array) => createHash('sha256').update(body).update('kms').digest('hex').slice(0, 32);
    return wrapStore(inner, {
      list: async () => (await inner.list()).map((entry) => ({ ...entry, etag: tags.get(entry.key) ?? entry.etag })),
      put: async (key, body, contentType, options) => {
        await inner.put(key, body, contentType, options);
        tags.set(key, kmsTag(body));
        return tags.get(key);
      },
    }) as MemoryStore;
  }

  it('knows its own writes by the ETag S3 gave them: a run where nothing changed writes nothing, a changed feed is still rewritten', async () => {
    const out = kmsStore(createMemoryStore());
    await buildMemory(ORIGINAL, { out });
    const again = await buildMemory(ORIGINAL, { out });
    expect(again.summary.requests.put).toBe(0);
    expect(again.summary.feeds.filter((feed) => feed.changed)).toEqual([]);

    const edited = { ...ORIGINAL, 'a.md': ORIGINAL['a.md'].replace('The original text.', 'Edited.') };
    const after = await buildMemory(edited, { out });
    expect(after.summary.feeds.filter((feed) => feed.changed).map((feed) => feed.key)).toContain('feed.json');
    const settled = await buildMemory(edited, { out });
    expect(settled.summary.requests.put).toBe(0);
    await expectConverged(out, edited);
  });
});
