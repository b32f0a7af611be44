/**
 * What does and does not touch the archives besides posts: the `archives` switch governs even the
 * posts the byte budget leaves out, and a setting no archive shows (the site's own config file)
 * renames none.
 */
import { describe, expect, it } from 'vitest';
import { jingAtom, jsonFeedSchemaErrors, xmlProblem } from '../support/feed-checks.ts';
import { buildMemory, post, siteConfig, text } from './helpers.ts';

const isArchive = (key: string) => key.startsWith('archives/');

/** 40 posts whose bodies are long enough that a 16 KiB budget leaves some out of every feed. */
const POSTS = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [
    `posts/p${i}.md`,
    post({ title: `Post ${i}`, date: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10), tags: ['notes'] }, `${'Words of some length. '.repeat(120)}\n`),
  ]),
);

describe('archives and settings', () => {
  it.each([
    { archives: false, files: 0, links: 0 },
    { archives: true, files: 1, links: 1 },
  ])('archives $archives with a budget that leaves posts out: archive files? $files; prev-archive links? $links', async ({ archives, files, links }) => {
    const { out, summary } = await buildMemory(POSTS, { config: siteConfig({ limit: 30, maxBytes: 16 * 1024, archives }) });
    const budget = summary.warnings.filter((warning) => warning.warning.includes('maxBytes')).map((warning) => warning.warning);
    expect(budget.length).toBeGreaterThan(0);
    // What leaves a feed is still published when it has archives, and the warning says where.
    for (const warning of budget) expect(warning.includes('are in its archives; raise maxBytes to keep them in the feed')).toBe(archives);
    const keys = (await out.list()).map((entry) => entry.key);
    expect(keys.some(isArchive)).toBe(files === 1);
    const feeds = [await text(out, 'rss.xml'), await text(out, 'atom.xml'), await text(out, 'feed.json')];
    expect(feeds.map((feed) => /prev-archive|"next_url"/.test(feed))).toEqual([links, links, links].map(Boolean));
  });

  it('leaves a subscription feed that links to its archives valid in every format', async () => {
    const { out } = await buildMemory(POSTS, { config: siteConfig({ limit: 5, archives: true }) });
    const [rss, atom, json] = [await text(out, 'rss.xml'), await text(out, 'atom.xml'), await text(out, 'feed.json')];
    expect([rss, atom].map((feed) => feed.includes('rel="prev-archive"'))).toEqual([true, true]);
    expect(JSON.parse(json)).toHaveProperty('next_url');
    expect(xmlProblem(rss)).toBeUndefined();
    expect(jingAtom(atom)).toEqual({ ok: true, output: '' });
    expect(jsonFeedSchemaErrors(json)).toEqual([]);
  });

  it('renames no archive when the site file changes, nor when a shortcode is added; a new title renames them all', async () => {
    const config = siteConfig({ limit: 5, archives: true });
    const files = { ...POSTS, 'hugo.toml': 'title = "Example"\n' };
    const first = await buildMemory(files, { config });
    const archives = async () => (await first.out.list()).map((entry) => entry.key).filter(isArchive).sort();
    const before = await archives();
    expect(before.length).toBeGreaterThan(0);
    const edited = await buildMemory({ ...files, 'hugo.toml': 'title = "Example"\n# a comment\n' }, { config: { ...config, shortcodes: { note: '<aside>{{inner}}</aside>' } }, out: first.out });
    expect(edited.summary.archives).toEqual({ files: before.length, written: 0 });
    expect(await archives()).toEqual(before);
    const retitled = await buildMemory(files, { config: { ...config, title: 'Another title' }, out: first.out });
    expect(retitled.summary.archives?.written).toBe(before.length);
  });
});

describe('a feed that fails on every run', () => {
  it('keeps no archive no feed links to when it has no stored file of its own (a term whose file would be the main feed\'s)', async () => {
    const config = siteConfig({ limit: 5, archives: true, feeds: { ...siteConfig().feeds, rss: { main: 'rss.xml', tags: ':slug.xml', categories: 'categories/:slug/rss.xml' } } });
    const clashing = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}.md`, post({ title: `Clash ${i}`, date: new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10), tags: ['rss'] })]));
    const first = await buildMemory(clashing(12), { config });
    expect(first.summary.errors.map((error) => error.key)).toEqual(['tags/rss/']);
    const archivesAfter = async (count: number) => {
      const { summary } = await buildMemory(clashing(count), { config, out: first.out });
      expect(summary.errors.map((error) => error.key)).toEqual(['tags/rss/']);
      return { stored: (await first.out.list()).map((entry) => entry.key).filter(isArchive).length, published: summary.archives?.files };
    };
    for (const count of [13, 14, 15]) {
      const { stored, published } = await archivesAfter(count);
      expect(stored, `after ${count} posts`).toBe(published);
    }
  });
});

describe('the bound that sizes archive pages', () => {
  it('keeps archives of the most lengthened text within maxBytes: titles and summaries of nothing but escapes, one-letter tags', async () => {
    const escapes = '&<>"\']]>\\'.repeat(40);
    const posts = Object.fromEntries(
      Array.from({ length: 120 }, (_, i) => [
        `e${i}.md`,
        post(
          { title: JSON.stringify(`${i} ${escapes}`), summary: JSON.stringify(escapes), date: new Date(Date.UTC(2024, 0, 1, i)).toISOString(), tags: 'abcdefghijklmnopqrstuvwxyz'.split('') },
          'Body.\n',
        ),
      ]),
    );
    const maxBytes = 16 * 1024;
    const { out, summary } = await buildMemory(posts, { config: siteConfig({ limit: 3, maxBytes, archives: true }) });
    expect(summary.errors).toEqual([]);
    const archives = (await out.list()).filter((entry) => isArchive(entry.key));
    expect(archives.length).toBeGreaterThan(0);
    expect(archives.filter((entry) => entry.size > maxBytes).map((entry) => `${entry.key}: ${entry.size}`)).toEqual([]);
  });
});
