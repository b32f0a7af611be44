/**
 * The sample `content/` folder with the root `feedbucket.config.json`, built into temporary
 * directories through the local store: what a new user's `npm start` does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { readRssItems } from '../support/feed-checks.ts';
import { manifestWithoutListedTags } from '../support/manifest-text.ts';
import { FORMAT_FILES, REPO, snapshotDir, tempDir } from './helpers.ts';

const CONTENT = join(REPO, 'content');
const NOW = new Date('2026-06-01T00:00:00Z');

function sampleConfig(out: string): SiteConfig {
  const file = 'feedbucket.config.json';
  const values = JSON.parse(readFileSync(join(REPO, file), 'utf8')) as Record<string, unknown>;
  return { ...resolveConfig({ file: { path: file, values, dir: REPO } }), source: CONTENT, out };
}

async function buildSample(out: string, now: Date | undefined = NOW) {
  const config = sampleConfig(out);
  // Fresh store objects per build, as the CLI opens them: request counts are this build's.
  return runBuild({ config, ...(now ? { now } : {}), stores: { source: createLocalStore(CONTENT), out: createLocalStore(out) } });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the sample content/ folder', () => {
  it('builds the main, tag and category feeds; the draft and the 2099 post are absent', async () => {
    const out = await tempDir('sample');
    const summary = await buildSample(out);
    expect(summary.skipped).toEqual([]);
    expect(summary.errors).toEqual([]);
    expect(summary.drafts).toBe(1);

    const files = await snapshotDir(out);
    for (const file of FORMAT_FILES) expect(files.has(file), file).toBe(true);
    const feedKeys = summary.feeds.map((feed) => feed.key);
    for (const key of feedKeys) expect(files.has(key), key).toBe(true);
    const tagDirs = new Set(feedKeys.filter((key) => key.startsWith('tags/')).map((key) => key.split('/')[1]));
    const categoryDirs = new Set(feedKeys.filter((key) => key.startsWith('categories/')).map((key) => key.split('/')[1]));
    expect(tagDirs.size).toBeGreaterThan(0);
    expect(categoryDirs.size).toBeGreaterThan(0);
    for (const dir of [...[...tagDirs].map((d) => `tags/${d}/`), ...[...categoryDirs].map((d) => `categories/${d}/`)]) {
      for (const file of FORMAT_FILES) expect(files.has(`${dir}${file}`), `${dir}${file}`).toBe(true);
    }
    // The only post tagged `future` is the 2099 one; Thoughts only comes from the draft.
    expect(tagDirs.has('future')).toBe(false);
    expect(categoryDirs.has('thoughts')).toBe(false);

    for (const key of feedKeys) {
      const body = files.get(key)!.bytes.toString('utf8');
      expect(body, key).not.toMatch(/Xen and KVM/);
      expect(body, key).not.toContain('A post from the future');
    }
    const titles = readRssItems(files.get('rss.xml')!.bytes.toString('utf8')).map((item) => item.title);
    expect(titles).toContain('Hello, feedbucket');
    expect(titles).toContain('A Jekyll post without a date key');
    expect(titles).toContain('Hugo and Zola write TOML front matter');
    expect(titles).toHaveLength(summary.published);
  });

  it('writes nothing on a second build: every feed unchanged, no PUT, same bytes and mtimes', async () => {
    const out = await tempDir('sample-again');
    const first = await buildSample(out);
    expect(first.requests.put).toBeGreaterThan(0);
    const before = await snapshotDir(out);
    await new Promise((resolve) => setTimeout(resolve, 20)); // so a rewrite would show in mtimes

    const second = await buildSample(out);
    expect(second.feeds.length).toBe(first.feeds.length);
    expect(second.feeds.map((feed) => feed.key).sort()).toEqual(first.feeds.map((feed) => feed.key).sort());
    for (const feed of second.feeds) expect(feed.changed, feed.key).toBe(false);
    expect(second.requests.put).toBe(0);
    expect(second.requests.delete).toBe(0);
    expect(second.deleted).toEqual([]);

    const after = await snapshotDir(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, file] of before) {
      expect(after.get(key)!.bytes.equals(file.bytes), key).toBe(true);
      expect(after.get(key)!.mtimeMs, key).toBe(file.mtimeMs);
    }
  });

  it('writes nothing on a forced rebuild either when no byte would change', async () => {
    const out = await tempDir('sample-force');
    await buildSample(out);
    const before = await snapshotDir(out);
    const forced = await runBuild({
      config: sampleConfig(out),
      now: NOW,
      force: true,
      stores: { source: createLocalStore(CONTENT), out: createLocalStore(out) },
    });
    for (const feed of forced.feeds) expect(feed.changed, feed.key).toBe(false);
    const after = await snapshotDir(out);
    for (const [key, file] of before) expect(after.get(key)!.bytes.equals(file.bytes), key).toBe(true);
  });

  it('gives byte-identical outputs for the same input at different clock times', async () => {
    const [a, b] = [await tempDir('sample-a'), await tempDir('sample-b')];
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-01T08:00:00Z'));
    const first = await buildSample(a, undefined);
    vi.setSystemTime(new Date('2031-12-24T23:59:59Z'));
    const second = await buildSample(b, undefined);
    vi.useRealTimers();
    expect(second.published).toBe(first.published); // the later clock selects the same posts

    const [filesA, filesB] = [await snapshotDir(a), await snapshotDir(b)];
    expect([...filesB.keys()].sort()).toEqual([...filesA.keys()].sort());
    expect(filesA.size).toBeGreaterThan(3);
    // The manifest records when each feed file was written (its local listing tag): all else is the same.
    const comparable = (key: string, text: string) => (key === '.feedbucket/manifest.json' ? manifestWithoutListedTags(text) : text);
    for (const [key, file] of filesA) expect(comparable(key, filesB.get(key)!.bytes.toString('utf8')), key).toBe(comparable(key, file.bytes.toString('utf8')));
  });
});

describe('a second build into the same store objects', () => {
  it("reports this build's requests only: no PUT when nothing changed", async () => {
    const source = createLocalStore(CONTENT);
    const out = createMemoryStore();
    const config = sampleConfig('unused');
    const first = await runBuild({ config, now: NOW, stores: { source, out } });
    expect(first.requests.put).toBeGreaterThan(0);
    const putsBefore = out.requests.put;

    const second = await runBuild({ config, now: NOW, stores: { source, out } });
    expect(out.requests.put - putsBefore).toBe(0); // nothing was written…
    for (const feed of second.feeds) expect(feed.changed, feed.key).toBe(false);
    expect(second.requests.put).toBe(0); // …and the summary must say so
  });
});
