/**
 * The three formats agree item for item on every feed a build produces: the main feeds and each
 * tag's and category's, for the sample content plus the real seed post (published) and a post
 * that shares its instant with a sample post.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { children, NS, readXml, rssChannel } from '../support/feed-checks.ts';
import { buildMemory, expectSameItems, feedDirs, readFeedSet, REPO, SEED_POST, siteConfig } from './helpers.ts';

/** The sample content/ folder copied into a memory store, plus the seed post published. */
async function sampleSource() {
  const local = createLocalStore(join(REPO, 'content'));
  const files: Record<string, string> = {};
  for (const entry of await local.list()) files[entry.key] = new TextDecoder().decode(await local.get(entry.key));
  files['2017/xen-and-kvm-in-2017.md'] = readFileSync(SEED_POST, 'utf8').replace('draft: true', 'draft: false');
  files['posts/same-day.md'] = '---\ntitle: "Same day as hello, & <later> in the list"\ndate: 2026-03-02T08:30:00Z\ntags: [meta, Feeds]\n---\nSame instant as hello.\n';
  return createMemoryStore(files);
}

describe('RSS, Atom and JSON Feed', () => {
  it('agree on ids, links, titles, instants, summaries, HTML, categories and order in every feed', async () => {
    const { summary, out } = await buildMemory({}, { source: await sampleSource(), config: siteConfig({ limit: 4, timezone: 'Europe/Berlin' }) });
    expect(summary.errors).toEqual([]);
    const dirs = feedDirs(summary);
    expect(dirs.length).toBeGreaterThan(10);
    expect(dirs).toContain('categories/thoughts/');

    for (const dir of dirs) {
      const set = await readFeedSet(out, dir);
      const label = dir || '(main)';
      expect(set.rss.length, label).toBeGreaterThan(0);
      expect(set.rss.length, label).toBeLessThanOrEqual(4);
      // To the second here: sub-second instants have their own test below.
      expectSameItems(set.atom, set.rss, `${label}: atom vs rss`, { seconds: true });
      expectSameItems(set.json, set.rss, `${label}: json vs rss`, { seconds: true });
      expectSameItems(set.json, set.atom, `${label}: json vs atom`);
      expect(set.json.map((item) => item.updated), `${label}: updated`).toEqual(set.atom.map((item) => item.updated));
      expect(new Set(set.rss.map((item) => item.id)).size, `${label}: distinct ids`).toBe(set.rss.length);
      for (const file of ['rss.xml', 'atom.xml', 'feed.json']) {
        expect(summary.feeds.find((feed) => feed.key === `${dir}${file}`)?.items, `${dir}${file}`).toBe(set.rss.length);
      }
    }
  });

  it('link each document to itself and to the other two formats of the same feed', async () => {
    const { summary, out } = await buildMemory({}, { source: await sampleSource() });
    for (const dir of feedDirs(summary)) {
      const set = await readFeedSet(out, dir);
      const url = (file: string) => `https://blog.example.com/${dir}${file}`;
      const rssLinks = children(rssChannel(set.texts.rss), NS.atom, 'link').map((link) => [link.attributes.rel, link.attributes.href]);
      expect(rssLinks, `${dir}rss.xml`).toEqual([
        ['self', url('rss.xml')],
        ['alternate', url('atom.xml')],
        ['alternate', url('feed.json')],
      ]);
      const atomLinks = children(readXml(set.texts.atom), NS.atom, 'link').map((link) => [link.attributes.rel, link.attributes.href]);
      expect(atomLinks, `${dir}atom.xml`).toContainEqual(['self', url('atom.xml')]);
      expect(atomLinks, `${dir}atom.xml`).toContainEqual(['alternate', url('rss.xml')]);
      expect(atomLinks, `${dir}atom.xml`).toContainEqual(['alternate', url('feed.json')]);
      expect((JSON.parse(set.texts.json) as { feed_url: string }).feed_url, `${dir}feed.json`).toBe(url('feed.json'));
    }
  });

  it('carry the same instant when a post is dated with milliseconds (RSS cannot write them)', async () => {
    const { out } = await buildMemory({
      'ms.md': '---\ntitle: Milliseconds\ndate: "2026-01-20T08:15:00.250Z"\n---\nBody.\n',
    });
    const set = await readFeedSet(out);
    const instants = { rss: set.rss[0]?.published, atom: set.atom[0]?.published, json: set.json[0]?.published };
    expect(instants.rss).toMatch(/^2026-01-20T08:15:00\.\d{3}Z$/);
    expect(instants.atom).toBe(instants.rss);
    expect(instants.json).toBe(instants.rss);
  });

  it('are written with the content type of their format, the manifest last', async () => {
    const source = await sampleSource();
    const out = createMemoryStore();
    const order: string[] = [];
    const recording = { ...out, location: out.location, requests: out.requests, put: async (key: string, body: string | Uint8Array, type: string) => {
      order.push(key);
      return out.put(key, body, type);
    } };
    const { summary } = await buildMemory({}, { source, out: recording as typeof out });
    const types: Record<string, string> = {
      'rss.xml': 'application/rss+xml; charset=utf-8',
      'atom.xml': 'application/atom+xml; charset=utf-8',
      'feed.json': 'application/feed+json; charset=utf-8',
    };
    for (const feed of summary.feeds) {
      const file = feed.key.slice(feed.key.lastIndexOf('/') + 1);
      expect(out.contentType(feed.key), feed.key).toBe(types[file]);
    }
    expect(order.at(-1)).toBe('.feedbucket/manifest.json');
    expect(order.length).toBe(summary.feeds.length + 1);
  });
});

