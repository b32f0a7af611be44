import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError, UnsafeKeyError } from '../../src/errors.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { describeConditionalWrites, describeStore, UNSAFE_KEYS, type MakeStore } from './contract.ts';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'feedbucket-local-'));
}

async function seedFiles(dir: string, seed: Record<string, string>): Promise<void> {
  for (const [key, body] of Object.entries(seed)) {
    const file = join(dir, ...key.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
  }
}

const make: MakeStore = async (seed = {}) => {
  const dir = await tempDir();
  await seedFiles(dir, seed);
  return { store: createLocalStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
};

describeStore('local', make);
describeConditionalWrites('local', make);

describe('local store', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  async function fresh(): Promise<string> {
    const dir = await tempDir();
    dirs.push(dir);
    return dir;
  }

  it('writes nothing outside its directory, whatever the key', async () => {
    // two levels of private directories, so `../../x` would land where only this test looks
    const outer = join(await fresh(), 'outer');
    await mkdir(outer);
    await writeFile(join(outer, 'sentinel'), 'untouched');
    const root = join(outer, 'store');
    await mkdir(root);
    const store = createLocalStore(root);
    const attempts = [...UNSAFE_KEYS, '../sentinel', '../../x', 'a/../../sentinel', '..%2fsentinel', '%2e%2e/sentinel', `${outer}/sentinel`];
    for (const key of attempts) {
      await expect(store.put(key, 'owned', 'text/plain')).rejects.toBeInstanceOf(UnsafeKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(UnsafeKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    }
    expect((await readdir(outer)).sort()).toEqual(['sentinel', 'store']);
    expect(await readFile(join(outer, 'sentinel'), 'utf8')).toBe('untouched');
    expect(await readdir(root)).toEqual([]);
    expect(await readdir(dirname(outer))).toEqual(['outer']);
  });

  it('creates parent directories and leaves no temporary files behind', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    await store.put('tags/rust/rss.xml', '<rss/>', 'application/rss+xml; charset=utf-8');
    await store.put('tags/rust/rss.xml', '<rss version="2.0"/>', 'application/rss+xml; charset=utf-8');
    expect(await readFile(join(dir, 'tags/rust/rss.xml'), 'utf8')).toBe('<rss version="2.0"/>');
    expect(await readdir(join(dir, 'tags/rust'))).toEqual(['rss.xml']);
  });

  it('replaces a file atomically: a concurrent reader sees the old bytes or the new, never a mix', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    const size = 4 * 1024 * 1024;
    const a = 'a'.repeat(size);
    const b = 'b'.repeat(size);
    await store.put('big.json', a, 'application/json');
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 8; i++) await store.put('big.json', i % 2 ? a : b, 'application/json');
      writing = false;
    })();
    const torn: string[] = [];
    let reads = 0;
    try {
      while (writing) {
        const body = await readFile(join(dir, 'big.json'), 'utf8');
        reads++;
        if (body !== a && body !== b) torn.push(`${body.length} bytes starting ${body.slice(0, 1)}`);
      }
    } finally {
      await writer; // never leave the writer running past the test
    }
    expect(reads).toBeGreaterThan(0);
    expect(torn).toEqual([]);
  });

  it('uses size, mtime, ctime and the inode as etag', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    await store.put('a.md', 'hello', 'text/markdown');
    const info = await stat(join(dir, 'a.md'));
    expect(await store.list()).toEqual([{ key: 'a.md', size: 5, etag: `5-${info.mtimeMs}-${info.ctimeMs}-${info.ino}` }]);
  });

  it('notices a same-size edit whose mtime was put back (touch -r, an mtime-preserving sync)', async () => {
    const dir = await fresh();
    const file = join(dir, 'post.md');
    const kept = new Date('2026-01-02T03:04:05Z'); // whole seconds: utimes sets it back exactly
    await writeFile(file, '---\ntitle: Old\n---\n');
    utimesSync(file, kept, kept);
    const before = statSync(file);
    const store = createLocalStore(dir);
    const [listed] = await store.list();

    await new Promise((resolve) => setTimeout(resolve, 20)); // past any coarse timestamp resolution
    writeFileSync(file, '---\ntitle: New\n---\n'); // same size
    utimesSync(file, kept, kept);
    const after = statSync(file);
    expect(after.size).toBe(before.size);
    expect(after.mtimeMs).toBe(before.mtimeMs); // what the old `${size}-${mtimeMs}` etag saw: no change

    const [relisted] = await store.list();
    expect(relisted!.key).toBe('post.md');
    expect(relisted!.etag).not.toBe(listed!.etag);
  });

  it('lists a directory that does not exist yet as empty, and creates it on put', async () => {
    const dir = join(await fresh(), 'public', 'feeds');
    const store = createLocalStore(dir);
    expect(await store.list()).toEqual([]);
    await store.put('rss.xml', '<rss/>', 'application/rss+xml');
    expect(await readFile(join(dir, 'rss.xml'), 'utf8')).toBe('<rss/>');
  });

  it('removes directories a delete leaves empty, but never its own directory', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    await store.put('tags/old/rss.xml', 'x', 'application/rss+xml');
    await store.put('tags/kept/rss.xml', 'x', 'application/rss+xml');
    await store.delete('tags/old/rss.xml');
    expect(await readdir(join(dir, 'tags'))).toEqual(['kept']);
    await store.delete('tags/kept/rss.xml');
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes into a folder it made before, after a delete or another process removed it', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    await store.put('tags/a/rss.xml', 'x', 'application/rss+xml');
    await store.delete('tags/a/rss.xml');
    expect(await readdir(dir)).toEqual([]);
    await store.put('tags/a/atom.xml', 'y', 'application/atom+xml');
    await rm(join(dir, 'tags'), { recursive: true });
    await store.put('tags/a/rss.xml', 'z', 'application/rss+xml');
    expect(await readdir(join(dir, 'tags', 'a'))).toEqual(['rss.xml']);
    expect(await readFile(join(dir, 'tags', 'a', 'rss.xml'), 'utf8')).toBe('z');
  });

  it('lists files behind symlinks but does not descend into linked directories', async () => {
    const dir = await fresh();
    const elsewhere = await fresh();
    await writeFile(join(elsewhere, 'shared.md'), 'shared');
    await symlink(join(elsewhere, 'shared.md'), join(dir, 'linked.md'));
    await symlink(elsewhere, join(dir, 'linked-dir'));
    const store = createLocalStore(dir);
    expect((await store.list()).map((e) => e.key)).toEqual(['linked.md']);
  });

  it('names the location and key when a write fails', async () => {
    const dir = await fresh();
    const store = createLocalStore(dir);
    await store.put('a.md', 'file', 'text/markdown');
    const error = await store.put('a.md/b.md', 'x', 'text/markdown').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).key).toBe('a.md/b.md');
    expect((error as StoreError).message).toContain(`${dir}/a.md/b.md`);
  });

  it('keeps the location as given, with a trailing slash', () => {
    expect(createLocalStore('content').location).toBe('content/');
    expect(createLocalStore('public/').location).toBe('public/');
  });
});

describe('the tag a local write reports', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const tempStoreDir = async () => {
    const dir = await tempDir();
    dirs.push(dir);
    return dir;
  };

  it('is the tag the listing shows for the file written, and no other file of the same size written at once has it', async () => {
    const store = createLocalStore(await tempStoreDir());
    const tags = [await store.put('a.xml', 'same bytes', 'application/xml'), await store.put('b.xml', 'same bytes', 'application/xml')];
    const listed = new Map((await store.list()).map((entry) => [entry.key, entry.etag]));
    expect(tags).toEqual([listed.get('a.xml'), listed.get('b.xml')]);
    // Within one tick of the file system's clock, size and times alike: the inode tells them apart.
    expect(tags[0]).not.toBe(tags[1]);
  });

  it('changes when another writer replaces the file with the same bytes', async () => {
    const dir = await tempStoreDir();
    const store = createLocalStore(dir);
    const tag = await store.put('feed.xml', 'bytes', 'application/xml');
    const tagged = await store.getTagged('feed.xml');
    expect(tagged?.tag).toBe(tag);
    writeFileSync(join(dir, 'other.tmp'), 'bytes');
    renameSync(join(dir, 'other.tmp'), join(dir, 'feed.xml'));
    expect((await store.getTagged('feed.xml'))?.tag).not.toBe(tag);
  });
});
