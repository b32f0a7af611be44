/**
 * Builds from a local folder that holds what cannot be read: a symlink loop (a post, inside
 * `.git/`), a post named with a backslash, a post or a folder without read permission. The run
 * never aborts: each post that cannot be read is skipped with its reason, keeps its last good
 * version if it had one, and the other posts are published.
 */
import { chmodSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { NOW, post, readFeedSet, siteConfig, tempDir } from '../engine/helpers.ts';
import { CLI, handToChild, restoreAccess, runUnprivileged } from '../stores/unprivileged.ts';

const SITE = ['--site-url', 'https://blog.example.com/', '--title', 'Unreadable sources'];

function postFile(n: number, title = `Post ${n}`): string {
  return post({ title, date: `2026-01-${String(10 + n).padStart(2, '0')}T09:00:00Z` }, `Body of post ${n}.\n`);
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [key, text] of Object.entries(files)) {
    await mkdir(join(dir, key, '..'), { recursive: true });
    await writeFile(join(dir, key), text);
  }
}

const skips = (summary: BuildSummary) => Object.fromEntries(summary.skipped.map((skip) => [skip.key, skip.error]));

describe('a local source with entries that cannot be read', () => {
  it('symlink loops and an unsafe name: those posts are reported, a looping post keeps its last good version, the others are published', async () => {
    const root = await tempDir('problems');
    const content = join(root, 'content');
    await writeFiles(content, { 'a.md': postFile(1), 'b.md': postFile(2), 'c.md': postFile(3), '.git/HEAD': 'ref: refs/heads/main' });
    const build = () =>
      runBuild({
        config: siteConfig({ source: content, out: join(root, 'public') }),
        now: NOW,
        stores: { source: createLocalStore(content), out: createLocalStore(join(root, 'public')) },
      });
    await build();

    // c.md becomes a loop; a new post that loops, one with a backslash, and a loop inside .git/
    await rm(join(content, 'c.md'));
    await symlink('c.md', join(content, 'c.md'));
    await symlink('new.md', join(content, 'new.md'));
    await writeFile(join(content, 'back\\slash.md'), postFile(4));
    await symlink('objects', join(content, '.git', 'objects'));

    const summary = await build();

    const loop = 'it could not be read (ELOOP: too many symbolic links encountered)';
    expect(skips(summary)).toEqual({
      'back\\slash.md': 'back\\slash.md: its name is refused as unsafe (it contains a backslash); rename it',
      'c.md': `c.md: ${loop} (the last good version stays published)`,
      'new.md': `new.md: ${loop}`,
    });
    expect(summary.published).toBe(3);
    const feeds = await readFeedSet(createLocalStore(join(root, 'public')));
    for (const items of [feeds.rss, feeds.atom, feeds.json]) {
      expect(items.map((item) => item.title)).toEqual(['Post 3', 'Post 2', 'Post 1']);
    }
  });

  it('a post and a folder without read permission (chmod 000, the CLI run as a user they stop): skipped with the reason, the last good version kept, the rest published; readable again, all published', async () => {
    const root = await tempDir('permissions');
    const content = join(root, 'content');
    await writeFiles(content, { 'open.md': postFile(1), 'locked.md': postFile(2) });
    await mkdir(join(root, 'public'));
    handToChild(root);
    const build = async () => {
      const run = await runUnprivileged(CLI, { args: ['build', '--source', content, '--out', join(root, 'public'), '--json', ...SITE] });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as BuildSummary;
    };
    await build();

    await writeFiles(content, { 'locked.md': postFile(2, 'Post 2, edited'), 'new-locked.md': postFile(3), 'private/hidden.md': postFile(4) });
    handToChild(root);
    for (const path of ['locked.md', 'new-locked.md', 'private']) chmodSync(join(content, path), 0o000);
    let locked: BuildSummary;
    try {
      locked = await build();
    } finally {
      for (const path of ['locked.md', 'new-locked.md', 'private']) restoreAccess(join(content, path));
    }

    const denied = 'it could not be read (EACCES: permission denied); the next run tries again';
    expect(skips(locked)).toEqual({
      'locked.md': `locked.md: ${denied} (the last good version stays published)`,
      'new-locked.md': `new-locked.md: ${denied}`,
      'private/': 'private/: the folder could not be read (EACCES: permission denied); the posts in it are skipped',
    });
    expect(locked.published).toBe(2);
    const out = createLocalStore(join(root, 'public'));
    expect((await readFeedSet(out)).json.map((item) => item.title)).toEqual(['Post 2', 'Post 1']);

    const open = await build();
    expect(open.skipped).toEqual([]);
    expect((await readFeedSet(out)).json.map((item) => item.title)).toEqual(['Post 4', 'Post 3', 'Post 2, edited', 'Post 1']);
  });
});
