/**
 * A Jekyll blog as it sits on disk: posts under `_posts/`, drafts and the generated site next to
 * them, Jekyll's space-separated `tags:` strings, and a tag too long for a file name as it is.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { feedDirs, NOW, readFeedSet, siteConfig, tempDir } from './helpers.ts';

const LONG_TAG = '日本語'.repeat(40);

const SITE: Record<string, string> = {
  '_config.yml': 'title: Example Blog\n',
  '_posts/2026-03-14-pi-day.md': [
    '---',
    'layout: post',
    'title: "Pi day, in Ruby"',
    'date: 2026-03-14 09:26:53 +0100',
    'tags: ruby math',
    'categories: notes',
    '---',
    'Computing digits of π with `BigMath`.',
    '',
  ].join('\n'),
  '_posts/2026-04-01-long-tag.markdown': [
    '---',
    'layout: post',
    'title: "A tag longer than a file name"',
    `tags: [${LONG_TAG}, ruby]`,
    '---',
    'Some authors paste whole phrases into tags.',
    '',
  ].join('\n'),
  'blog/_posts/2026-02-01-in-a-subfolder.md': '---\ntitle: In blog/\n---\nJekyll reads `_posts` at any depth.\n',
  '_drafts/unfinished.md': '---\ntitle: Unfinished\n---\nNot yet.\n',
  '_site/2026/03/14/pi-day.md': '---\ntitle: A copy in the generated site\ndate: 2026-03-14\n---\n',
  '_layouts/post.md': '---\ntitle: Layout\ndate: 2026-01-01\n---\n{{ content }}\n',
  '_includes/footer.md': '---\ntitle: Footer\ndate: 2026-01-01\n---\nFooter\n',
};

async function writeSite(dir: string): Promise<void> {
  for (const [key, text] of Object.entries(SITE)) {
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), text);
  }
}

describe('a Jekyll site', () => {
  it('builds its _posts, splits its tags strings, and writes a long tag under a short path', async () => {
    const source = await tempDir('jekyll-source');
    const out = await tempDir('jekyll-out');
    await writeSite(source);
    const summary = await runBuild({
      config: siteConfig({ permalink: '/:year/:month/:day/:slug.html' }),
      now: NOW,
      stores: { source: createLocalStore(source), out: createLocalStore(out) },
    });

    expect(summary.errors).toEqual([]);
    expect(summary.posts).toBe(3);
    const main = await readFeedSet(createLocalStore(out));
    expect(main.json.map((item) => item.title)).toEqual(['A tag longer than a file name', 'Pi day, in Ruby', 'In blog/']);
    expect(main.json.find((item) => item.title === 'Pi day, in Ruby')?.categories).toEqual(['notes', 'ruby', 'math']);

    const dirs = feedDirs(summary);
    expect(dirs).toContain('tags/ruby/');
    expect(dirs).toContain('tags/math/');
    const longDir = dirs.find((dir) => dir.startsWith('tags/日本語'));
    expect(longDir).toBeDefined();
    expect(Buffer.byteLength(longDir!.split('/')[1]!)).toBeLessThanOrEqual(64);
    const long = await readFeedSet(createLocalStore(out), longDir);
    expect(long.json.map((item) => item.categories)).toEqual([[LONG_TAG, 'ruby']]);
  });
});
