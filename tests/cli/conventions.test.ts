/**
 * The CLI on real sites in a temporary directory: the summary's first line says where the
 * settings came from and whose conventions were followed; a skip repeated from the last run is
 * counted, not printed again; a --source that does not exist is an error naming it.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { runCli } from './harness.ts';

const BLOGS = fileURLToPath(new URL('../fixtures/blogs/', import.meta.url));
const REQUIRED = ['--site-url', 'https://blog.example.com/', '--title', 'Example Blog'];
const PLACEHOLDER = '_posts/2016-03-01-placeholder.md';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-conventions-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Copies tests/fixtures/blogs/<name> to <cwd>/<as>. */
async function copyBlog(name: string, as: string): Promise<string> {
  const dir = path.join(cwd, as);
  await cp(path.join(BLOGS, name), dir, { recursive: true });
  return dir;
}

async function writeConfig(file: string, values: Record<string, unknown>): Promise<void> {
  await writeFile(path.join(cwd, file), `${JSON.stringify(values, null, 2)}\n`);
}

const firstLine = (stdout: string) => stdout.split('\n')[0];

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe('the first line of the summary', () => {
  it('names feedbucket.config.json when it was read, and the conventions the source showed', async () => {
    await copyBlog('jekyll', 'site');
    await writeConfig('feedbucket.config.json', { siteUrl: 'https://tinkering.example.org/', title: 'Tinkering in Ruby', source: 'site', out: 'public' });
    const { code, stdout } = await runCli(cwd, ['build']);
    expect(code).toBe(0);
    expect(firstLine(stdout)).toBe('config feedbucket.config.json; jekyll conventions');
    expect(stdout.split('\n')[1]).toBe('5 posts: 4 published, 0 drafts, 1 skipped');
    const feed = JSON.parse(await readFile(path.join(cwd, 'public', 'feed.json'), 'utf8')) as { items: { url: string }[] };
    expect(feed.items.map((item) => item.url)).toContain('https://tinkering.example.org/jekyll/update/2013/05/06/welcome-to-jekyll.html');
  });

  it('says so when no config file was read', async () => {
    await copyBlog('hugo/content', 'content');
    const { code, stdout } = await runCli(cwd, ['build', ...REQUIRED, '--out', 'public']);
    expect(code).toBe(0);
    expect(firstLine(stdout)).toBe('no config file (flags, environment and defaults); hugo conventions');
  });

  it('names a --config file as given', async () => {
    await copyBlog('zola/content', 'blog/content');
    await writeConfig('zola-feeds.json', { siteUrl: 'https://lighthouse.example.com/', title: 'Lighthouse Log', source: 'blog/content', out: 'public', generator: 'zola' });
    const { code, stdout } = await runCli(cwd, ['build', '--config', 'zola-feeds.json']);
    expect(code).toBe(0);
    expect(firstLine(stdout)).toBe('config zola-feeds.json; zola conventions');
  });

  it('follows --generator over what the source shows', async () => {
    await copyBlog('jekyll', 'content');
    const { stdout } = await runCli(cwd, ['build', ...REQUIRED, '--generator', 'plain']);
    expect(firstLine(stdout)).toBe('no config file (flags, environment and defaults); plain conventions');
    const feed = JSON.parse(await readFile(path.join(cwd, 'public', 'feed.json'), 'utf8')) as { items: { url: string }[] };
    expect(feed.items.map((item) => item.url)).toContain('https://blog.example.com/welcome-to-jekyll/');
  });

  it('a folder of posts with no sign of a generator is plain', async () => {
    await writeFile(path.join(cwd, 'hello.md'), '---\ntitle: Hello\ndate: 2024-01-02T09:00:00Z\n---\nFirst post.\n');
    const { stdout } = await runCli(cwd, ['build', ...REQUIRED, '--source', '.', '--out', 'public']);
    expect(firstLine(stdout)).toBe('no config file (flags, environment and defaults); plain conventions');
  });

  it('--json carries the generator; stdout is only the summary', async () => {
    await copyBlog('hugo/content', 'content');
    const { code, stdout } = await runCli(cwd, ['build', ...REQUIRED, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as BuildSummary;
    expect(summary.generator).toBe('hugo');
  });
});

describe('a skip repeated from the last run', () => {
  const args = ['build', ...REQUIRED, '--source', 'site', '--out', 'public', '--timezone', 'America/Chicago'];
  const errorLine = `skipped ${PLACEHOLDER}: has no title and no text`;

  it('is printed on the run that found it, then counted as "skipped as before" until the file changes', async () => {
    const site = await copyBlog('jekyll', 'site');

    const first = await runCli(cwd, args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(errorLine);
    expect(first.stdout).not.toContain('skipped as before');

    const second = await runCli(cwd, args);
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[1]).toBe('5 posts: 4 published, 0 drafts, 1 skipped');
    expect(second.stdout).not.toContain(PLACEHOLDER);
    expect(second.stdout).toContain('\n1 unchanged file skipped as before (--json lists them)\n');
    expect(second.stdout).toContain('nothing changed, no file written');

    // The file is edited but still has neither title nor text: reported again.
    await writeFile(path.join(site, PLACEHOLDER), '---\nlayout: post\ncategories: drafts\n---\n');
    const third = await runCli(cwd, args);
    expect(third.stdout).toContain(errorLine);
    expect(third.stdout).not.toContain('skipped as before');
  });

  it('--json lists it as repeated, and stderr does not repeat it', async () => {
    await copyBlog('jekyll', 'site');
    await runCli(cwd, args);
    const { stdout, stderr } = await runCli(cwd, [...args, '--json']);
    const summary = JSON.parse(stdout) as BuildSummary;
    expect(summary.skipped).toEqual([{ key: PLACEHOLDER, error: expect.stringContaining('has no title and no text'), repeated: true }]);
    expect(stderr).not.toContain(PLACEHOLDER);
    // Warnings are still printed: the post is published, and the warning is the only way to learn of it.
    expect(stderr).toContain('warning blog/_posts/2014-09-08-my-first-post.md');
  });

  it('two repeated skips are counted in the plural', async () => {
    const site = await copyBlog('jekyll', 'site');
    await writeFile(path.join(site, '_posts/2016-04-01-another-placeholder.md'), '---\nlayout: post\n---\n');
    await runCli(cwd, args);
    const second = await runCli(cwd, args);
    expect(second.stdout).toContain('\n2 unchanged files skipped as before (--json lists them)\n');
  });
});

describe('a --source folder that does not exist', () => {
  it('is an error naming the folder; nothing is written', async () => {
    const { code, stdout, stderr } = await runCli(cwd, ['build', ...REQUIRED, '--source', 'conten', '--out', 'public']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(path.join(cwd, 'conten'));
    expect(stderr).toContain('does not exist');
    expect(stderr).toContain('--source');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(await exists(path.join(cwd, 'public'))).toBe(false);
  });

  it('the default content/ missing is the same error', async () => {
    const { code, stderr } = await runCli(cwd, ['build', ...REQUIRED]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${path.join(cwd, 'content')}`);
    expect(stderr).toContain('does not exist');
  });

  it('from the config file, relative to the file', async () => {
    await writeConfig('feedbucket.config.json', { siteUrl: 'https://blog.example.com/', title: 'Example Blog', source: 'posts' });
    const { code, stderr } = await runCli(cwd, ['build']);
    expect(code).toBe(1);
    expect(stderr).toContain(path.join(cwd, 'posts'));
    expect(stderr).toContain('does not exist');
  });

  it('an --out folder that does not exist yet is created', async () => {
    await copyBlog('hugo/content', 'content');
    const { code } = await runCli(cwd, ['build', ...REQUIRED, '--out', 'site/feeds']);
    expect(code).toBe(0);
    expect(await exists(path.join(cwd, 'site', 'feeds', 'rss.xml'))).toBe(true);
  });
});
