/**
 * The behaviour every Store must have, run against memory, local and S3 (the S3 server is local,
 * so it never skips).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { StoreError, UnsafeKeyError } from '../../src/errors.ts';
import { WriteConflict, type Store } from '../../src/stores/store.ts';

export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
  /** The Content-Type the object was stored with, read behind the store's back. */
  contentType?(key: string): Promise<string | undefined>;
  /** Its Cache-Control, likewise. */
  cacheControl?(key: string): Promise<string | undefined>;
}

/**
 * Makes a fresh, isolated store. `seed` is written behind the store's back (as a user or another
 * tool would), unchecked, so it may hold keys the store must refuse to hand out.
 */
export type MakeStore = (seed?: Record<string, string>) => Promise<StoreUnderTest>;

export const UNSAFE_KEYS = [
  '../x',
  '/etc/passwd',
  'a/%2e%2e/b',
  '%2E%2E/x',
  'a\0b',
  'a/./b',
  'a/../b',
  '..',
  '.',
  'a//b',
  'a\\b',
  'a/',
  '',
];

/** Keys a bucket or a directory can hold but no store may hand out: list() reports them with a problem. */
const UNSAFE_BUT_STORABLE: Record<string, string> = {
  'a/%2e%2e/b.md': 'encoded dot-dot',
  'a\\b.md': 'backslash',
};

const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
const sortedKeys = (entries: { key: string }[]) => entries.map((e) => e.key).sort();

export function describeStore(name: string, make: MakeStore): void {
  async function open(seed?: Record<string, string>): Promise<StoreUnderTest> {
    const harness = await make(seed);
    onTestFinished(() => harness.cleanup());
    return harness;
  }

  describe(`Store contract: ${name}`, () => {
    it('starts empty with zero request counts', async () => {
      const { store } = await open();
      expect(store.requests).toEqual({ list: 0, get: 0, put: 0, delete: 0 });
      expect(await store.list()).toEqual([]);
      expect(typeof store.location).toBe('string');
    });

    it('puts and gets text as UTF-8 bytes, and lists it with size and etag', async () => {
      const { store } = await open();
      await store.put('hello.md', 'héllo wörld', 'text/markdown; charset=utf-8');
      const bytes = await store.get('hello.md');
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(text(bytes)).toBe('héllo wörld');
      const entries = await store.list();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ key: 'hello.md', size: Buffer.byteLength('héllo wörld') });
      expect(entries[0]!.etag).toMatch(/\S/);
      expect(entries[0]!.etag).not.toMatch(/"/);
    });

    it('stores an empty object', async () => {
      const { store } = await open();
      await store.put('empty.md', '', 'text/markdown');
      expect((await store.get('empty.md'))?.byteLength).toBe(0);
      expect(await store.list()).toEqual([{ key: 'empty.md', size: 0, etag: expect.stringMatching(/\S/) as unknown }]);
    });

    it('round-trips binary bytes exactly', async () => {
      const { store } = await open();
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await store.put('bin/all-bytes.dat', bytes, 'application/octet-stream');
      expect(Array.from((await store.get('bin/all-bytes.dat'))!)).toEqual(Array.from(bytes));
    });

    it('overwrites: new bytes, new etag, still one entry', async () => {
      const { store } = await open();
      await store.put('feed.json', '{"v":1}', 'application/feed+json; charset=utf-8');
      const [before] = await store.list();
      await store.put('feed.json', '{"version":2}', 'application/feed+json; charset=utf-8');
      expect(text(await store.get('feed.json'))).toBe('{"version":2}');
      const after = await store.list();
      expect(after).toHaveLength(1);
      expect(after[0]!.etag).not.toBe(before!.etag);
      expect(after[0]!.size).toBe(13);
    });

    it('keeps an etag while the bytes do not change', async () => {
      const { store } = await open();
      await store.put('a.md', 'same', 'text/markdown');
      const first = await store.list();
      const second = await store.list();
      expect(second).toEqual(first);
    });

    it('answers undefined for a missing key, and deleting one is not an error', async () => {
      const { store } = await open();
      expect(await store.get('nope.md')).toBeUndefined();
      expect(await store.get('no/such/dir/nope.md')).toBeUndefined();
      await expect(store.delete('nope.md')).resolves.toBeUndefined();
      await expect(store.delete('no/such/dir/nope.md')).resolves.toBeUndefined();
    });

    it('deletes', async () => {
      const { store } = await open();
      await store.put('tags/x/rss.xml', '<rss/>', 'application/rss+xml; charset=utf-8');
      await store.put('keep.md', 'k', 'text/markdown');
      await store.delete('tags/x/rss.xml');
      expect(await store.get('tags/x/rss.xml')).toBeUndefined();
      expect(sortedKeys(await store.list())).toEqual(['keep.md']);
    });

    it('lists nested keys recursively, relative to the prefix, "/"-separated', async () => {
      const { store } = await open();
      const keys = ['e.md', 'a/d.md', 'a/b/c.md', '.feedbucket/manifest.json', 'tags/rust/atom.xml'];
      for (const key of keys) await store.put(key, key, 'text/plain');
      const entries = await store.list();
      expect(sortedKeys(entries)).toEqual([...keys].sort());
      for (const entry of entries) {
        expect(entry.key).not.toMatch(/^\/|\\/);
        expect(entry.size).toBe(entry.key.length);
        expect(text(await store.get(entry.key))).toBe(entry.key);
      }
    });

    it('handles Unicode and URL-special characters in keys literally', async () => {
      const { store } = await open();
      const keys = ['ünïcødé/日本語 post.md', 'tags/c++/rss.xml', 'a%20b.md', 'q?x=1&y#z.md', 'emoji-🦀.md'];
      for (const key of keys) await store.put(key, `body of ${key}`, 'text/markdown; charset=utf-8');
      expect(sortedKeys(await store.list())).toEqual([...keys].sort());
      for (const key of keys) expect(text(await store.get(key))).toBe(`body of ${key}`);
      expect(await store.get('a b.md')).toBeUndefined(); // %20 is not decoded
    });

    it('counts requests: one per list, get, put and delete', async () => {
      const { store } = await open();
      await store.put('a.md', 'a', 'text/markdown');
      await store.get('a.md');
      await store.get('missing.md');
      await store.delete('a.md');
      await store.list();
      expect(store.requests).toEqual({ list: 1, get: 2, put: 1, delete: 1 });
    });

    it('runs many operations concurrently', async () => {
      const { store } = await open();
      const keys = Array.from({ length: 60 }, (_, i) => `posts/${i % 6}/${i}.md`);
      await Promise.all(keys.map((key) => store.put(key, key, 'text/markdown')));
      const bodies = await Promise.all(keys.map((key) => store.get(key)));
      expect(bodies.map(text)).toEqual(keys);
      expect((await store.list()).length).toBe(60);
      await Promise.all(keys.map((key) => store.delete(key)));
      expect(await store.list()).toEqual([]);
      expect(store.requests).toEqual({ list: 2, get: 60, put: 60, delete: 60 });
    });

    it.each(UNSAFE_KEYS)('refuses the unsafe key %j on get, put and delete, before any request', async (key) => {
      const { store } = await open();
      await expect(store.put(key, 'owned', 'text/plain')).rejects.toBeInstanceOf(UnsafeKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(UnsafeKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(UnsafeKeyError);
      const error = await store.put(key, 'owned', 'text/plain').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).key).toBe(key);
      expect(store.requests).toEqual({ list: 0, get: 0, put: 0, delete: 0 });
      expect(await store.list()).toEqual([]);
    });

    it('lists keys that checkKey refuses with a problem that says why, never as usable entries', async () => {
      const { store } = await open({ 'ok.md': 'fine', 'dir/ok.md': 'fine', ...UNSAFE_BUT_STORABLE });
      const entries = await store.list();
      expect(sortedKeys(entries.filter((entry) => entry.problem === undefined))).toEqual(['dir/ok.md', 'ok.md']);
      const refused = entries.filter((entry) => entry.problem !== undefined);
      expect(sortedKeys(refused)).toEqual(Object.keys(UNSAFE_BUT_STORABLE).sort());
      for (const entry of refused) {
        expect(entry.etag).toBe('');
        expect(entry.problem).toMatch(/^its name is refused as unsafe \(it .+\); rename it$/);
      }
      expect(refused.find((entry) => entry.key === 'a\\b.md')?.problem).toContain('it contains a backslash');
      expect(store.requests.get).toBe(0);
    });

    it('reads what was there before it was opened', async () => {
      const body = '---\ntitle: Hello\n---\nHi';
      const { store } = await open({ 'posts/2024-01-01-hello.md': body });
      const entries = await store.list();
      expect(entries).toEqual([
        { key: 'posts/2024-01-01-hello.md', size: Buffer.byteLength(body), etag: expect.stringMatching(/\S/) as unknown },
      ]);
      expect(text(await store.get('posts/2024-01-01-hello.md'))).toContain('title: Hello');
    });
  });
}

/** For stores that keep headers with an object (a local folder cannot): the contract for them. */
export function describeHeaders(name: string, make: MakeStore): void {
  describe(`Store contract (headers): ${name}`, () => {
    it('stores the content type given to put, also on overwrite', async () => {
      const harness = await make();
      onTestFinished(() => harness.cleanup());
      const { store, contentType } = harness;
      if (!contentType) throw new Error(`${name}: the harness cannot read content types`);
      await store.put('rss.xml', '<rss/>', 'application/rss+xml; charset=utf-8');
      await store.put('tags/a/feed.json', '{}', 'application/feed+json; charset=utf-8');
      expect(await contentType('rss.xml')).toBe('application/rss+xml; charset=utf-8');
      expect(await contentType('tags/a/feed.json')).toBe('application/feed+json; charset=utf-8');
      await store.put('rss.xml', '<rss version="2.0"/>', 'application/atom+xml; charset=utf-8');
      expect(await contentType('rss.xml')).toBe('application/atom+xml; charset=utf-8');
    });

    it('stores the Cache-Control given to put, none when none is given, and replaces it on overwrite', async () => {
      const harness = await make();
      onTestFinished(() => harness.cleanup());
      const { store, cacheControl } = harness;
      if (!cacheControl) throw new Error(`${name}: the harness cannot read Cache-Control`);
      await store.put('rss.xml', '<rss/>', 'application/rss+xml', { cacheControl: 'public, max-age=600' });
      await store.put('a/archive.xml', '<rss/>', 'application/rss+xml', { cacheControl: 'public, max-age=31536000, immutable' });
      await store.put('plain.txt', 'x', 'text/plain');
      expect(await cacheControl('rss.xml')).toBe('public, max-age=600');
      expect(await cacheControl('a/archive.xml')).toBe('public, max-age=31536000, immutable');
      expect(await cacheControl('plain.txt')).toBeUndefined();
      await store.put('rss.xml', '<rss version="2.0"/>', 'application/rss+xml', { cacheControl: 'no-cache' });
      expect(await cacheControl('rss.xml')).toBe('no-cache');
    });
  });
}

/** For stores that decide conditional writes (S3 itself, or the test server behind the enforcing proxy): what overlapping builds rely on. */
export function describeConditionalWrites(name: string, make: MakeStore): void {
  describe(`Store contract (conditional writes): ${name}`, () => {
    it('replaces only the version read, and creates only where nothing is', async () => {
      const harness = await make({ 'm.json': 'first' });
      onTestFinished(() => harness.cleanup());
      const { store } = harness;
      const read = await store.getTagged('m.json');
      expect(text(read?.bytes)).toBe('first');
      expect(read?.tag).toMatch(/\S/);
      expect(await store.getTagged('none.json')).toBeUndefined();

      await store.put('m.json', 'second', 'application/json', { condition: { ifMatch: read!.tag } });
      expect(text(await store.get('m.json'))).toBe('second');
      // The tag read before the second write is stale now.
      await expect(store.put('m.json', 'stale', 'application/json', { condition: { ifMatch: read!.tag } })).rejects.toThrow(WriteConflict);
      await expect(store.put('m.json', 'again', 'application/json', { condition: { ifNoneMatch: '*' } })).rejects.toThrow(WriteConflict);
      expect(text(await store.get('m.json'))).toBe('second');

      await store.put('new.json', 'created', 'application/json', { condition: { ifNoneMatch: '*' } });
      expect(text(await store.get('new.json'))).toBe('created');
      await expect(store.put('gone.json', 'x', 'application/json', { condition: { ifMatch: read!.tag } })).rejects.toThrow(WriteConflict);
      expect(await store.get('gone.json')).toBeUndefined();
    });
  });
}
