/**
 * How a folder that cannot be listed reaches the index: `postEntries` keeps it when it could hold
 * posts (as it keeps a post-named file with a problem), and `indexPosts` reports it, while each
 * post published from it before keeps its last good version instead of leaving the feeds.
 */
import { describe, expect, it } from 'vitest';
import { indexPosts, postEntries } from '../../src/pipeline/index-posts.ts';
import { loadManifest, MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import { postKeyFilter } from '../../src/pipeline/post-keys.ts';
import { withConventions } from '../../src/posts/generators.ts';
import type { StoreEntry } from '../../src/stores/store.ts';
import { NOW, buildMemory, post, siteConfig, text } from '../engine/helpers.ts';

const FOLDER_PROBLEM = 'the folder could not be read (EACCES: permission denied); the posts in it are skipped';
const problem = (key: string, text = 'it could not be read (ELOOP: too many symbolic links encountered)'): StoreEntry => ({ key, etag: '', size: 0, problem: text });

describe('an unreadable folder in the index', () => {
  it('postEntries keeps posts, and problems where a post could be; not hidden, excluded or non-post ones', () => {
    const listing: StoreEntry[] = [
      { key: 'a.md', etag: '1', size: 1 },
      { key: 'notes.txt', etag: '2', size: 1 },
      problem('loop.md'),
      problem('bad\\name.md', 'its name is refused as unsafe (it contains a backslash); rename it'),
      problem('image.png'),
      problem('private/', FOLDER_PROBLEM),
      problem('.git/', FOLDER_PROBLEM),
      problem('.git/objects/x'),
      problem('_site/', FOLDER_PROBLEM),
      problem('drafts/', FOLDER_PROBLEM),
    ];
    const kept = postEntries(listing, postKeyFilter(['drafts/**']));
    expect(kept.map((entry) => entry.key)).toEqual(['a.md', 'loop.md', 'bad\\name.md', 'private/']);
  });

  it('reports the folder, and a post published from it before keeps its last good version with the folder\'s problem', async () => {
    const files = { 'a.md': post({ title: 'A', date: '2026-01-01T09:00:00Z' }), 'private/p.md': post({ title: 'P', date: '2026-01-02T09:00:00Z' }) };
    const { source, out } = await buildMemory(files);
    const { manifest } = loadManifest({ text: await text(out, MANIFEST_KEY), tag: '' }, 'settings', '');
    const listed = (await source.list()).filter((entry) => !entry.key.startsWith('private/'));
    const entries = postEntries([...listed, problem('private/', FOLDER_PROBLEM)], postKeyFilter([]));

    const index = await indexPosts(entries, manifest, source, withConventions(siteConfig(), Object.keys(files)), {
      fresh: false,
      keepLastGood: true,
      now: NOW.toISOString(),
      beforeRead: () => {},
    });

    expect([...index.records.keys()]).toEqual(['a.md', 'private/', 'private/p.md']);
    expect(index.records.get('private/')?.error?.message).toBe(`private/: ${FOLDER_PROBLEM}`);
    const kept = index.records.get('private/p.md');
    expect(kept?.post?.title).toBe('P');
    expect(kept?.etag).toBe('');
    expect(kept?.error?.message).toBe('private/p.md: its folder private/ could not be read (the last good version stays published)');
    expect(index.read).toEqual(new Set(['private/', 'private/p.md'])); // a.md came from the manifest
  });
});
