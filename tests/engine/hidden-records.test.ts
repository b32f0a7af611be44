/**
 * Posts in no feed (drafts, scheduled, expired, and posts skipped for an error, which may be
 * drafts whose front matter could not be read) leave nothing readable in the manifest, which lies
 * under `out` and may be served: each is sealed under a keyed hash of its key, with the operator's
 * secret FEED_MANIFEST_SALT. Without the salt, a guessed file name cannot be checked against it.
 * The build itself still finds them: they are not read again while unchanged, and a skip is
 * reported as before.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { buildMemory, countingStore, formats, post, readFeedSet, text } from './helpers.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

const MANIFEST = '.feedbucket/manifest.json';
const SITE = 'https://blog.example.com/';

const FILES = {
  'public.md': post({ title: 'Already public', date: '2026-05-15T00:00:00Z' }),
  // A draft whose front matter has an error: the error quotes the value.
  'acme-merger.md': post({ title: 'Merger', date: 'after the Acme merger closes', draft: true }),
  'zeppelin-launch.md': post({ title: 'Zeppelin Codename Skylark', date: 'once Skylark flies' }),
  'quarterly.md': post({ title: 'Quarterly Figures', date: '2026-05-10T00:00:00Z', tags: ['embargoed-finance'], draft: true }),
  'embargoed.md': post({ title: 'Embargoed Story', date: '2026-07-04T09:00:00Z' }),
};
const SECRETS = ['acme-merger', 'Acme', 'zeppelin-launch', 'Skylark', 'quarterly', 'Quarterly', 'embargoed', 'Embargoed', '2026-07-04'];

interface StoredManifest {
  posts: Record<string, unknown>;
}

async function manifestOf(out: MemoryStore): Promise<StoredManifest> {
  return parseStoredManifest(await text(out, MANIFEST)) as unknown as StoredManifest;
}

const hiddenKeys = (manifest: StoredManifest) => Object.keys(manifest.posts).filter((key) => key.startsWith('#'));

async function buildWithSalt(salt: string | undefined, files: Record<string, string>, out?: MemoryStore) {
  const source = countingStore(createMemoryStore(files));
  return { ...(await buildMemory({}, { source, ...(salt === undefined ? {} : { manifestSalt: salt }), ...(out ? { out } : {}) })), gets: source.gets };
}

describe('posts in no feed, in the manifest', () => {
  it('leave no name, value, flag or due date: each is an opaque sealed string under a hash', async () => {
    const { summary, out } = await buildWithSalt('operator secret 1', FILES);
    expect(summary.published).toBe(1);
    expect(summary.skipped.map((skip) => skip.key).sort()).toEqual(['acme-merger.md', 'zeppelin-launch.md']);
    const manifestText = await text(out, MANIFEST);
    for (const secret of SECRETS) expect(manifestText, secret).not.toContain(secret);
    const { posts } = await manifestOf(out);
    expect(Object.keys(posts).filter((key) => !key.startsWith('#'))).toEqual(['public.md']);
    for (const key of hiddenKeys({ posts })) {
      expect(key).toMatch(/^#[0-9a-f]{32}$/);
      expect(posts[key]).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(hiddenKeys({ posts })).toHaveLength(4);
  });

  it('are still known to the next run: nothing read again, the same skips reported as repeated, the manifest not rewritten', async () => {
    const first = await buildWithSalt('operator secret 1', FILES);
    const puts = first.out.requests.put;
    const second = await buildWithSalt('operator secret 1', FILES, first.out);
    expect(second.gets.size).toBe(0);
    expect(second.summary.skipped).toEqual(first.summary.skipped.map((skip) => ({ ...skip, repeated: true })));
    expect(second.summary.skipped.find((skip) => skip.key === 'acme-merger.md')?.error).toContain('after the Acme merger closes');
    expect(second.summary.drafts).toBe(first.summary.drafts);
    expect(first.out.requests.put).toBe(puts);
  });

  it('cannot be checked against a guessed file name without the salt: another salt, or none, gives other keys and bytes', async () => {
    // One after the other: the salt is the process's environment.
    const a = await manifestOf((await buildWithSalt('operator secret 1', FILES)).out);
    const b = await manifestOf((await buildWithSalt('operator secret 2', FILES)).out);
    const none = await manifestOf((await buildWithSalt(undefined, FILES)).out);
    const keysA = new Set(hiddenKeys(a));
    for (const other of [b, none]) {
      expect(hiddenKeys(other).filter((key) => keysA.has(key))).toEqual([]);
      expect(Object.values(other.posts).filter((value) => Object.values(a.posts).includes(value) && typeof value === 'string')).toEqual([]);
      // What is published is the same, whatever the salt.
      expect(other.posts['public.md']).toEqual(a.posts['public.md']);
    }
    // Nor is any key the plain hash of a name, which anyone could compute.
    const plain = Object.keys(FILES).map((key) => `#${createHash('sha256').update(key).digest('hex').slice(0, 32)}`);
    for (const manifest of [a, b, none]) expect(hiddenKeys(manifest).filter((key) => plain.includes(key))).toEqual([]);
  });

  it('sealed with another salt: a warning, those posts read again, then quiet', async () => {
    const first = await buildWithSalt('old secret', FILES);
    const changed = await buildWithSalt('new secret', FILES, first.out);
    expect(changed.summary.warnings).toEqual([{ key: MANIFEST, warning: expect.stringMatching(/^4 record\(s\) of posts in no feed could not be opened \(FEED_MANIFEST_SALT changed/) }]);
    expect([...changed.gets.keys()].sort()).toEqual(['acme-merger.md', 'embargoed.md', 'quarterly.md', 'zeppelin-launch.md']);
    expect(changed.summary.published).toBe(1);
    const after = await buildWithSalt('new secret', FILES, first.out);
    expect(after.summary.warnings).toEqual([]);
    expect(after.gets.size).toBe(0);
  });

  it('written by feedbucket 0.3.0 (a draft under a plain hash of its key, with its first id): the id survives the upgrade', async () => {
    const retracted = (slug: string, draft: boolean) => post({ title: 'Retracted', date: '2026-04-01T00:00:00Z', slug, draft });
    const first = await buildWithSalt('operator secret 1', { ...FILES, 'retracted.md': retracted('first-slug', false) });
    // What 0.3.0 stored once the post became a draft.
    const manifest = parseStoredManifest(await text(first.out, MANIFEST)) as unknown as { posts: Record<string, { publishedId?: string }> };
    const { publishedId } = manifest.posts['retracted.md']!;
    expect(publishedId).toBe(`${SITE}first-slug/`);
    delete manifest.posts['retracted.md'];
    manifest.posts[`#${createHash('sha256').update('retracted.md').digest('hex').slice(0, 32)}`] = { etag: 'x', hidden: 'draft', publishedId, warnings: [] } as never;
    await first.out.put(MANIFEST, JSON.stringify(manifest), 'application/json');

    const upgraded = await buildWithSalt('operator secret 1', { ...FILES, 'retracted.md': retracted('second-slug', false) }, first.out);
    expect(upgraded.summary.warnings).toEqual([]);
    for (const [format, items] of formats(await readFeedSet(first.out))) {
      expect(items.find((item) => item.title === 'Retracted')?.id, format).toBe(`${SITE}first-slug/`);
      expect(items.find((item) => item.title === 'Retracted')?.url, format).toBe(`${SITE}second-slug/`);
    }
  });
});
