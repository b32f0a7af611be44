/**
 * A new archive is written without hashing it first (its name is a digest of what it is made
 * of) and recorded by the tag its write returned. In a local folder that tag is the file's size,
 * times and inode: the next run must still know each archive as stored, read none and write none,
 * and a file changed by hand must still be found and repaired.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import { countingStore, NOW, post, siteConfig, snapshotDir, tempDir, wrapStore } from './helpers.ts';

const POSTS = Object.fromEntries(
  Array.from({ length: 9 }, (_, i) => [`p${i}.md`, post({ title: `Post ${i}`, date: `2026-01-0${i + 1}T10:00:00Z`, tags: i % 2 === 0 ? ['even'] : [] })]),
);

/** Every PUT's key, and every GET's, of `inner`. */
function recorded(inner: Store): Store & { puts: string[]; gets: Map<string, number> } {
  const puts: string[] = [];
  const put: Store['put'] = (key, ...rest) => {
    puts.push(key);
    return inner.put(key, ...rest);
  };
  const counting = countingStore(wrapStore(inner, { put }));
  return Object.assign(counting, { puts });
}

async function site() {
  const dir = await tempDir('archive-records');
  const source = createMemoryStore(POSTS);
  const build = (out: Store) => runBuild({ config: siteConfig({ archives: true, limit: 3, browserView: false }), now: NOW, stores: { source, out } });
  await build(createLocalStore(dir));
  const archives = [...(await snapshotDir(dir)).keys()].filter((key) => key.startsWith('archives/')).sort();
  return { dir, archives, build };
}

describe('archives recorded by the tag their write returned, in a local folder', () => {
  it('are known as stored by the next run: it reads none and writes nothing', async () => {
    const { dir, archives, build } = await site();
    // The main feed's older posts, and the `even` feed's, in three formats each.
    expect(archives).toHaveLength(6);
    const out = recorded(createLocalStore(dir));
    const summary = await build(out);
    expect(summary.errors).toEqual([]);
    expect(out.puts).toEqual([]);
    expect([...out.gets.keys()].filter((key) => key.startsWith('archives/'))).toEqual([]);
  });

  it('a file rewritten by hand with its own bytes is read and hashed once, found unchanged and not written again', async () => {
    const { dir, archives, build } = await site();
    const touched = archives[0]!;
    const before = await snapshotDir(dir);
    writeFileSync(join(dir, touched), before.get(touched)!.bytes);
    utimesSync(join(dir, touched), new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    const out = recorded(createLocalStore(dir));
    await build(out);
    expect([...out.gets.keys()]).toContain(touched);
    expect(out.puts.filter((key) => key.startsWith('archives/'))).toEqual([]);
    // Its new tag recorded: the runs after it read it no more.
    const next = recorded(createLocalStore(dir));
    await build(next);
    expect([...next.gets.keys()].filter((key) => key.startsWith('archives/'))).toEqual([]);
    expect(next.puts).toEqual([]);
  });

  it('a file whose bytes were changed by hand is written again with what it should hold', async () => {
    const { dir, archives, build } = await site();
    const damaged = archives[1]!;
    const before = await snapshotDir(dir);
    writeFileSync(join(dir, damaged), 'not an archive');
    const out = recorded(createLocalStore(dir));
    await build(out);
    expect(out.puts.filter((key) => key.startsWith('archives/'))).toEqual([damaged]);
    expect((await snapshotDir(dir)).get(damaged)!.bytes.equals(before.get(damaged)!.bytes)).toBe(true);
  });
});
