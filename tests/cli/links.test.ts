/**
 * `feedbucket links` as a user runs it: the built CLI (bin/feedbucket.js), the configuration
 * resolved as `build` resolves it (file, environment, flags), the tags on stdout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/feedbucket.js', import.meta.url));
const execFileAsync = promisify(execFile);

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-links-'));
  await writeFile(
    path.join(cwd, 'feedbucket.config.json'),
    JSON.stringify({ siteUrl: 'https://blog.example.com/notes', title: 'From the file', feeds: { rss: { main: 'index.xml', tags: 'tags/:slug/index.xml' } } }),
  );
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function links(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, 'links', ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('feedbucket links', () => {
  it('prints the main feeds\' tags from the config file, its feeds paths included', async () => {
    expect(await links([])).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '<link rel="alternate" type="application/rss+xml" title="From the file (RSS)" href="https://blog.example.com/notes/index.xml">',
        '<link rel="alternate" type="application/atom+xml" title="From the file (Atom)" href="https://blog.example.com/notes/atom.xml">',
        '<link rel="alternate" type="application/feed+json" title="From the file (JSON Feed)" href="https://blog.example.com/notes/feed.json">',
        '',
      ].join('\n'),
    });
  });

  it('--tag: the term as written in posts, its slug as the build makes it; the environment and flags win over the file', async () => {
    const { code, stdout } = await links(['--tag', 'C++', '--site-url', 'https://flag.example/'], { SITE_TITLE: 'Tom & "Jerry"' });
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(
      '<link rel="alternate" type="application/rss+xml" title="Tom &amp; &quot;Jerry&quot;: C++ (RSS)" href="https://flag.example/tags/c-plus-plus/index.xml">',
    );
  });

  it('--category: the category\'s files', async () => {
    const { stdout } = await links(['--category', 'Straße Bau']);
    expect(stdout.split('\n')[2]).toBe(
      '<link rel="alternate" type="application/feed+json" title="From the file: Straße Bau (JSON Feed)" href="https://blog.example.com/notes/categories/strasse-bau/feed.json">',
    );
  });

  it.each([
    { name: 'both --tag and --category', args: ['--tag', 'a', '--category', 'b'], stderr: /cannot be used with option/ },
    { name: 'an empty --tag', args: ['--tag', ' '], stderr: /^feedbucket: --tag is empty; give the term as written in posts/ },
    { name: 'an invalid configuration', args: ['--site-url', 'blog.example.com'], stderr: /^feedbucket: siteUrl: "blog.example.com" from --site-url is not an absolute URL/ },
  ])('$name: exit 2, nothing on stdout', async ({ args, stderr }) => {
    const result = await links(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
  });
});
