/** End to end: the CLI, in-process, building real posts in a temporary directory. */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub } from '../support/hub-server.ts';
import { runCli } from './harness.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-build-'));
  await mkdir(path.join(cwd, 'posts'));
  await writeFile(
    path.join(cwd, 'posts', 'hello.md'),
    ['---', 'title: Hello, world', 'date: 2024-01-02T09:00:00Z', 'tags: [intro]', '---', 'First [post](/about/).', ''].join('\n'),
  );
  await writeFile(
    path.join(cwd, 'posts', '2024-03-04-second.md'),
    ['+++', 'title = "Second post"', 'categories = ["Notes"]', '+++', 'More.', ''].join('\n'),
  );
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string> = {}) => runCli(cwd, argv, env);

const flags = ['--source', 'posts', '--out', 'site', '--site-url', 'https://blog.example.com', '--title', 'Test Blog'];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('feedbucket build', () => {
  it('builds the feeds, then writes nothing the second time and says so', async () => {
    const first = await cli(['build', ...flags]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^no config file \(flags, environment and defaults\); plain conventions\n2 posts: 2 published, 0 drafts, 0 skipped\n/);
    expect(first.stdout).toContain('wrote site/rss.xml (2 items)\n');
    expect(first.stdout).toContain('wrote site/atom.xml (2 items)\n');
    expect(first.stdout).toContain('wrote site/feed.json (2 items)\n');
    expect(first.stdout).toContain('wrote site/tags/intro/rss.xml (1 item)\n');
    expect(first.stdout).toMatch(/\ndone in \d+\.\d+ s \(/);
    const files = await listFiles(path.join(cwd, 'site'));
    expect(files).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json', 'tags/intro/feed.json']));
    const feed = JSON.parse(await readFile(path.join(cwd, 'site', 'feed.json'), 'utf8')) as { title: string; items: { title: string }[] };
    expect(feed.title).toBe('Test Blog');
    expect(feed.items.map((item) => item.title)).toEqual(['Second post', 'Hello, world']);

    const second = await cli(['build', ...flags]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('\nnothing changed, no file written\n');
  });

  it('--json prints exactly the summary on stdout; skipped posts go to stderr too', async () => {
    await writeFile(path.join(cwd, 'posts', 'broken.md'), 'just text, no front matter\n');
    const { code, stdout, stderr } = await cli([...flags, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as BuildSummary;
    expect(Object.keys(summary).sort()).toEqual(
      ['deleted', 'drafts', 'dryRun', 'durationMs', 'errors', 'feeds', 'generator', 'posts', 'published', 'requests', 'skipped', 'warnings'].sort(),
    );
    expect(summary).toMatchObject({ posts: 3, published: 2, dryRun: false });
    expect(summary.skipped).toEqual([{ key: 'broken.md', error: expect.stringContaining('broken.md') }]);
    expect(summary.feeds).toContainEqual({ key: 'rss.xml', items: 2, changed: true });
    expect(stderr).toMatch(/^feedbucket: skipped broken\.md/);
  });

  it('--hub: the summary says which changed feeds the hub was told of, --json lists each ping', async () => {
    const hub = await startHub({ '/hub': [204] });
    try {
      const human = await cli(['build', ...flags, '--hub', hub.url('/hub')]);
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('\nWebSub: 9 changed feeds announced to 1 hub\n');
      expect(hub.received.map((ping) => ping.topic)).toContain('https://blog.example.com/rss.xml');

      await writeFile(path.join(cwd, 'posts', 'hello.md'), ['---', 'title: Hello again', 'date: 2024-01-02T09:00:00Z', '---', 'Edited.', ''].join('\n'));
      const { code, stdout } = await cli(['build', ...flags, '--hub', hub.url('/hub'), '--json']);
      expect(code).toBe(0);
      const { pings } = JSON.parse(stdout) as BuildSummary;
      expect(pings).toContainEqual({ hub: hub.url('/hub'), feed: 'https://blog.example.com/rss.xml', ok: true, attempts: 1 });
      // the edited post left its tag: the main feeds changed, and the tag's feeds were deleted, which no hub is told of
      expect(pings?.map((ping) => ping.feed)).toEqual(['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/${key}`));
    } finally {
      await hub.stop();
    }
  });

  it('--dry-run writes nothing', async () => {
    const { code, stdout } = await cli(['build', ...flags, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('would write site/rss.xml (2 items)\n');
    expect(await listFiles(path.join(cwd, 'site'))).toEqual([]);
  });

  it('takes the config from feedbucket.config.json and the environment', async () => {
    await writeFile(path.join(cwd, 'feedbucket.config.json'), JSON.stringify({ siteUrl: 'https://file.example/', title: 'From file', source: 'posts' }));
    const { code } = await cli(['build', '--limit', '1'], { FEED_OUT: 'env-out' });
    expect(code).toBe(0);
    const feed = JSON.parse(await readFile(path.join(cwd, 'env-out', 'feed.json'), 'utf8')) as { title: string; home_page_url: string; items: unknown[] };
    expect(feed.title).toBe('From file');
    expect(feed.home_page_url).toBe('https://file.example/');
    expect(feed.items).toHaveLength(1);
  });

  it('exits 1 with one clear line when nothing can be published', async () => {
    await rm(path.join(cwd, 'posts'), { recursive: true });
    await mkdir(path.join(cwd, 'posts'));
    await writeFile(path.join(cwd, 'posts', 'draft.md'), ['---', 'title: Draft', 'date: 2024-01-02', 'draft: true', '---', 'x', ''].join('\n'));
    const { code, stdout, stderr } = await cli(['build', ...flags]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^feedbucket: /);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(path.join(cwd, 'site'))).toEqual([]);
  });

  it('--json that fails still prints a JSON object with the error on stdout', async () => {
    await rm(path.join(cwd, 'posts'), { recursive: true });
    await mkdir(path.join(cwd, 'posts'));
    await writeFile(path.join(cwd, 'posts', 'draft.md'), ['---', 'title: Draft', 'date: 2024-01-02', 'draft: true', '---', 'x', ''].join('\n'));
    const { code, stdout, stderr } = await cli(['build', ...flags, '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ error: expect.stringMatching(/^no post can be published from .*--allow-shrink/), exitCode: 1 });
    expect(stderr).toMatch(/^feedbucket: no post can be published/);
  });

  it('--allow-shrink unpublishes every feed once every post is gone, and exits 0', async () => {
    expect((await cli(['build', ...flags])).code).toBe(0);
    await rm(path.join(cwd, 'posts'), { recursive: true });
    await mkdir(path.join(cwd, 'posts'));
    expect((await cli(['build', ...flags])).code).toBe(1);
    const { code, stdout, stderr } = await cli(['build', ...flags, '--allow-shrink']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('deleted site/rss.xml\n');
    expect(await listFiles(path.join(cwd, 'site'))).toEqual(['.feedbucket/manifest.json']);
  });
});

describe('an --out that cannot be written', () => {
  it('fails at once, naming the directory and the fix, before any post is read', async () => {
    await writeFile(path.join(cwd, 'not-a-dir'), 'a file\n');
    // The source does not exist either: its error would come first if the posts were read first.
    const out = path.join(cwd, 'not-a-dir', 'site');
    const { code, stdout, stderr } = await cli(['build', ...flags, '--source', 'missing', '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^feedbucket: cannot write the feeds to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ENOTDIR.*; point --out \\(FEED_OUT, or "out" in the config file\\) at a directory you can write to\n$`));
  });

  it('leaves no probe behind when it can be written, and a dry run writes nothing, not even the folder', async () => {
    expect((await cli(['build', ...flags, '--dry-run'])).code).toBe(0);
    await expect(stat(path.join(cwd, 'site'))).rejects.toThrow(/ENOENT/);
    expect((await cli(['build', ...flags])).code).toBe(0);
    expect((await readdir(path.join(cwd, 'site'))).filter((name) => name.startsWith('.feedbucket-write-check'))).toEqual([]);
  });
});

describe('progress on a terminal', () => {
  const CLEAR = '\r\x1b[2K';

  it('a build still running after the delay redraws one line on stderr (posts read, feed files written), then erases it before the summary', async () => {
    const { code, stdout, stderr } = await runCli(cwd, ['build', ...flags], {}, { progressAfterMs: 0 });
    expect(code).toBe(0);
    expect(stderr.startsWith(`${CLEAR}reading posts 1 of 2`)).toBe(true);
    expect(stderr).toContain(`${CLEAR}reading posts 2 of 2`);
    expect(stderr).toMatch(/\r\x1b\[2Kwriting feed files (\d+) of \1/);
    expect(stderr.endsWith(CLEAR)).toBe(true);
    expect(stdout).toMatch(/\ndone in \d+\.\d+ s \(/);
  });

  it('nothing with --json, nothing before the delay, nothing when stderr is no terminal', async () => {
    for (const [argv, terminal] of [
      [['build', '--json', ...flags], { progressAfterMs: 0 }],
      [['build', '--force', ...flags], { progressAfterMs: 60_000 }],
      [['build', '--force', ...flags], undefined],
    ] as const) {
      const { code, stderr } = await runCli(cwd, [...argv], {}, terminal);
      expect(code).toBe(0);
      expect(stderr).not.toContain(CLEAR);
    }
  });
});
