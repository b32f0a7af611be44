/**
 * The real seed post (tests/fixtures/real/xen-and-kvm-in-2017.md) through the whole engine:
 * as a draft it is published nowhere; with `draft: false` it is in all three formats.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childText, NS, rssChannel, children, readXml } from '../support/feed-checks.ts';
import { allTexts, buildMemory, FORMAT_FILES, formats, keys, post, readFeedSet, SEED_POST } from './helpers.ts';

const SEED = readFileSync(SEED_POST, 'utf8');
const SEED_KEY = '2017/xen-and-kvm-in-2017.md';
const PUBLISHED_SEED = SEED.replace('draft: true', 'draft: false');

const COMPANION = post({ title: 'A published companion', date: '2024-01-01T00:00:00Z', tags: ['misc'] }, 'Companion.\n');

const FIRST_PARAGRAPH =
  "It's been interesting watching the classic Vi/Emacs-style battle between Xen and KVM, particularly in the last few years. " +
  'Tech analysts and journalists were predicting a swing towards KVM; not surprising given the push from Red Hat and OpenStack.';

describe('the seed post as is (a draft)', () => {
  it('is in no feed file, and the summary counts it as a draft', async () => {
    expect(SEED).toContain('draft: true'); // the fixture is what this suite thinks it is
    const { summary, out } = await buildMemory({ [SEED_KEY]: SEED, 'companion.md': COMPANION });

    expect(summary.drafts).toBe(1);
    expect(summary.published).toBe(1);
    expect(summary.skipped).toEqual([]);
    const feedKeys = summary.feeds.map((feed) => feed.key);
    expect(feedKeys).toEqual(expect.arrayContaining(['rss.xml', 'atom.xml', 'feed.json']));
    expect(feedKeys.some((key) => key.startsWith('categories/'))).toBe(false); // Thoughts only comes from the draft

    const texts = await allTexts(out);
    for (const key of feedKeys) {
      expect(texts.has(key), key).toBe(true);
      expect(texts.get(key), key).not.toMatch(/Xen and KVM/i);
      expect(texts.get(key), key).not.toContain('rubenerd.com');
    }
    expect(texts.get('rss.xml')).toContain('A published companion');
  });

  it('is in no file under out at all, the build manifest included', async () => {
    const { out } = await buildMemory({ [SEED_KEY]: SEED, 'companion.md': COMPANION });
    const texts = await allTexts(out);
    expect(texts.size).toBeGreaterThan(3);
    const leaking = [...texts].filter(([, body]) => /Xen and KVM/i.test(body)).map(([key]) => key);
    expect(leaking).toEqual([]);
  });

  it('reports its duplicated keys (year, location) with their lines as warnings', async () => {
    const { summary } = await buildMemory({ [SEED_KEY]: SEED, 'companion.md': COMPANION });
    const warnings = summary.warnings.filter((warning) => warning.key === SEED_KEY).map((warning) => warning.warning);
    expect(warnings).toHaveLength(2);
    // `year` is repeated on line 8 (first on line 5), `location` on line 9 (first on line 6).
    expect(warnings.find((w) => w.includes('"year"'))).toMatch(new RegExp(`^${SEED_KEY}:8:.*line 5`));
    expect(warnings.find((w) => w.includes('"location"'))).toMatch(new RegExp(`^${SEED_KEY}:9:.*line 6`));
  });
});

describe('the seed post with draft: false', () => {
  async function buildSeed() {
    expect(PUBLISHED_SEED).not.toBe(SEED);
    return buildMemory({ [SEED_KEY]: PUBLISHED_SEED });
  }

  it('is in all three formats with its title, instant, category and no tags', async () => {
    const { summary, out } = await buildSeed();
    expect(summary.published).toBe(1);
    expect(summary.drafts).toBe(0);
    const set = await readFeedSet(out);
    for (const [format, items] of formats(set)) {
      expect(items, format).toHaveLength(1);
      const [item] = items;
      expect(item?.title, format).toBe('Xen and KVM in 2017');
      expect(item?.published, format).toBe('2017-09-14T00:14:21.000Z');
      expect(item?.url, format).toBe('https://blog.example.com/xen-and-kvm-in-2017/');
      expect(item?.categories, format).toEqual(['Thoughts']);
    }
    for (const [format, items] of formats(set)) if (format !== 'rss') expect(items[0]?.updated, format).toBe('2017-09-14T00:14:21.000Z');
  });

  it('writes the instant as each format spells it', async () => {
    const { out } = await buildSeed();
    const set = await readFeedSet(out);
    const rssItem = children(rssChannel(set.texts.rss), NS.none, 'item')[0]!;
    expect(childText(rssItem, NS.none, 'pubDate')).toBe('Thu, 14 Sep 2017 00:14:21 GMT');
    const entry = children(readXml(set.texts.atom), NS.atom, 'entry')[0]!;
    expect(new Date(childText(entry, NS.atom, 'published') ?? '').toISOString()).toBe('2017-09-14T00:14:21.000Z');
    expect(childText(entry, NS.atom, 'published')).toMatch(/^2017-09-14T00:14:21(\.000)?(Z|\+00:00)$/);
    const json = JSON.parse(set.texts.json) as { items: { date_published: string }[] };
    expect(json.items[0]?.date_published).toMatch(/^2017-09-14T00:14:21(\.000)?(Z|\+00:00)$/);
  });

  it('has a category feed for Thoughts and no tag feed', async () => {
    const { summary, out } = await buildSeed();
    const outKeys = await keys(out);
    for (const file of FORMAT_FILES) expect(outKeys).toContain(`categories/thoughts/${file}`);
    expect(outKeys.filter((key) => key.startsWith('tags/'))).toEqual([]);
    expect(summary.feeds.filter((feed) => feed.key.startsWith('tags/'))).toEqual([]);
    const category = await readFeedSet(out, 'categories/thoughts/');
    for (const [format, items] of formats(category)) expect(items.map((item) => item.title), format).toEqual(['Xen and KVM in 2017']);
  });

  it('renders both reference links as absolute <a href>s in every format', async () => {
    const { out } = await buildSeed();
    for (const [format, items] of formats(await readFeedSet(out))) {
      const html = items[0]?.html ?? '';
      expect(html, format).toContain('<a href="https://rubenerd.com/more-closed-and-sold-clouds/">have been closing up</a>');
      expect(html, format).toContain('<a href="https://rubenerd.com/rocky-openstack/">StackExchange answer being typical</a>');
      expect(html, format).not.toMatch(/\[have been closing up\]|\[StackExchange answer being typical\]/);
    }
  });

  it('is summarised by its first paragraph, as plain text (its abstract is empty)', async () => {
    const { out } = await buildSeed();
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items[0]?.summary, format).toBe(FIRST_PARAGRAPH);
    }
  });
});
