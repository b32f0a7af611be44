/**
 * RFC 5005 archives: every subscription feed (main, each tag and category) links `prev-archive`
 * (JSON Feed: `next_url`) to archive documents that hold its older posts, so that walking the
 * chain from any feed in any format finds each published post of that feed exactly once, newest
 * first. Archives are named for what they hold: a build writes only the pages whose content
 * changed, under new names, and deletes the ones they replace.
 *
 * The corpus is generated (1,200 posts over five years, tags and categories of every size: larger
 * than one archive page, exactly one full page, one page, exactly `limit`, `limit` + 1, a few
 * posts; drafts, scheduled, future and expired posts among them) and its model below says, without
 * the engine, which posts each feed is about.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_PAGE_ITEMS } from '../../src/feeds/archive-pages.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import {
  ARCHIVE_SUFFIXES,
  CHAIN_FORMATS,
  HISTORY_LINK_TYPES,
  SUBSCRIPTION_FILES,
  currentUrl,
  historyView,
  linksOf,
  readItems,
  walkChain,
  type ChainDocument,
  type ChainFormat,
} from '../support/archive-chain.ts';
import { jingAtom, jsonFeedSchemaErrors, readAtomItems, readXml, xmlProblem, type ReadItem } from '../support/feed-checks.ts';
import { NOW, allTexts, post, siteConfig, wrapStore } from './helpers.ts';

const SITE = 'https://blog.example.com/';
const LIMIT = 20;
const COUNT = 1200;
const ARCHIVE_KEY = /^archives\/[0-9a-f]{20}\.(rss\.xml|atom\.xml|json)$/;
/** Fewer than LIMIT items of the corpus fit in it, in any format; above the least maxBytes allowed (16 KiB). */
const BUDGET = 24 * 1024;

// ---------------------------------------------------------------- the corpus and its model

interface CorpusPost {
  file: string;
  slug: string;
  title: string;
  /** ISO 8601 UTC, all different. */
  date: string;
  tags: string[];
  categories: string[];
  summary?: string;
  draft?: boolean;
  publishDate?: string;
  expiryDate?: string;
}

/** Post `i` of the corpus, 36 hours after post `i - 1`, from 2020-01-01. */
function corpusPost(i: number): CorpusPost {
  const slug = `p${String(i).padStart(4, '0')}`;
  return {
    file: `${slug}.md`,
    slug,
    title: `Post ${i}`,
    date: new Date(Date.UTC(2020, 0, 1, 8) + i * 36 * 3_600_000).toISOString(),
    tags: [
      ...(i % 3 === 0 ? ['three'] : []),
      // exactly LIMIT posts: the feed holds all of them
      ...(i % 40 === 20 && i < 40 * LIMIT ? ['full'] : []),
      // LIMIT + 1 posts: one archive page of one post
      ...(i % 40 === 0 && i <= 40 * LIMIT ? ['edge'] : []),
      ...([5, 600, 1111].includes(i) ? ['rare'] : []),
      // LIMIT + ARCHIVE_PAGE_ITEMS posts: one full archive page
      ...(i < LIMIT + ARCHIVE_PAGE_ITEMS ? ['boundary'] : []),
    ],
    categories: [i % 2 === 0 ? 'Even' : 'Odd', ...(i % 7 === 0 ? ['Long Reads'] : [])],
    ...(i % 10 === 5 ? { summary: `What post ${i} is about` } : {}),
  };
}

/** Never published at NOW, though dated among the archived posts (or after them). */
const UNPUBLISHED: CorpusPost[] = [
  { file: 'draft.md', slug: 'draft', title: 'A draft', date: '2021-02-02T10:00:00.000Z', tags: ['three'], categories: ['Even'], draft: true },
  { file: 'scheduled.md', slug: 'scheduled', title: 'Written early, out later', date: '2021-03-03T10:00:00.000Z', tags: ['three'], categories: ['Odd'], publishDate: '2027-01-01T00:00:00.000Z' },
  { file: 'future.md', slug: 'future', title: 'Dated in the future', date: '2027-02-01T10:00:00.000Z', tags: ['three'], categories: ['Even'] },
  { file: 'expired.md', slug: 'expired', title: 'Expired', date: '2021-04-04T10:00:00.000Z', tags: ['three'], categories: ['Odd'], expiryDate: '2022-01-01T00:00:00.000Z' },
];

const CORPUS: CorpusPost[] = [...Array.from({ length: COUNT }, (_, i) => corpusPost(i)), ...UNPUBLISHED];

function isPublished(entry: CorpusPost, now: Date): boolean {
  const at = now.toISOString();
  return !entry.draft && entry.date <= at && (entry.publishDate ?? '') <= at && (entry.expiryDate === undefined || entry.expiryDate > at);
}

function postText(entry: CorpusPost): string {
  const front: Record<string, string | string[]> = { title: JSON.stringify(entry.title), date: entry.date, tags: entry.tags, categories: entry.categories };
  if (entry.summary !== undefined) front.summary = JSON.stringify(entry.summary);
  if (entry.draft) front.draft = 'true';
  if (entry.publishDate !== undefined) front.publishDate = entry.publishDate;
  if (entry.expiryDate !== undefined) front.expiryDate = entry.expiryDate;
  return post(front, `Body of ${entry.slug}, rendered only in the subscription feeds.\n\n${FILLER}\n`);
}

/** A paragraph that makes each subscription item about 1.5 KB, so that a realistic budget trims the feeds. */
const FILLER = 'Words that make the post long enough to count. '.repeat(28);

const filesOf = (posts: readonly CorpusPost[]) => Object.fromEntries(posts.map((entry) => [entry.file, postText(entry)]));
const urlOf = (entry: CorpusPost) => `${SITE}${entry.slug}/`;

/** Each feed's directory and which posts it is about. */
const SCOPES: { dir: string; has: (entry: CorpusPost) => boolean }[] = [
  { dir: '', has: () => true },
  ...['three', 'full', 'edge', 'rare', 'boundary'].map((tag) => ({ dir: `tags/${tag}/`, has: (entry: CorpusPost) => entry.tags.includes(tag) })),
  ...[
    ['even', 'Even'],
    ['odd', 'Odd'],
    ['long-reads', 'Long Reads'],
  ].map(([slug, name]) => ({ dir: `categories/${slug}/`, has: (entry: CorpusPost) => entry.categories.includes(name!) })),
];

/** The ids (the first URL of each post) a feed must hold over its whole chain, newest first. */
function expectedIds(posts: readonly CorpusPost[], has: (entry: CorpusPost) => boolean, now: Date): string[] {
  return posts
    .filter((entry) => isPublished(entry, now) && has(entry))
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map(urlOf);
}

// ---------------------------------------------------------------- builds and chains

async function build(posts: readonly CorpusPost[], out: Store, overrides: Partial<SiteConfig> = {}, now = NOW): Promise<BuildSummary> {
  const summary = await runBuild({ config: siteConfig({ limit: LIMIT, archives: true, ...overrides }), now, stores: { source: createMemoryStore(filesOf(posts)), out } });
  expect(summary.errors).toEqual([]);
  return summary;
}

/** `inner`, logging every put and delete in the order they are made. */
function recording(inner: Store) {
  const log: { op: 'put' | 'delete'; key: string }[] = [];
  const store = wrapStore(inner, {
    put: (key, ...rest) => (log.push({ op: 'put', key }), inner.put(key, ...rest)),
    delete: (key) => (log.push({ op: 'delete', key }), inner.delete(key)),
  });
  const keysOf = (op: 'put' | 'delete') => log.filter((entry) => entry.op === op).map((entry) => entry.key);
  return {
    store,
    log,
    get puts() {
      return keysOf('put');
    },
    get deletes() {
      return keysOf('delete');
    },
  };
}

const reader = (out: Store) => async (key: string) => {
  const bytes = await out.get(key);
  return bytes === undefined ? undefined : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
};

type Chains = Map<string, Record<ChainFormat, ChainDocument[]>>;

/** Every feed's chain in every format, from the stored files. */
async function chainsOf(out: Store): Promise<Chains> {
  const chains: Chains = new Map();
  for (const { dir } of SCOPES) {
    const walk = (format: ChainFormat) => walkChain(reader(out), SITE, format, `${dir}${SUBSCRIPTION_FILES[format]}`);
    chains.set(dir, { rss: await walk('rss'), atom: await walk('atom'), json: await walk('json') });
  }
  return chains;
}

/** A site's own files beside the archives: not the build's to write or delete. */
const SITE_FILES: Readonly<Record<string, string>> = { 'archives/index.html': '<p>Older posts, by year</p>\n', 'archives/years.json': '[2020, 2021]\n' };

const archiveKeys = async (out: Store) => (await out.list()).map((entry) => entry.key).filter((key) => key.startsWith('archives/') && !(key in SITE_FILES));
const pageName = (key: string) => key.slice('archives/'.length, 'archives/'.length + 20);

/**
 * What every chain must be: each feed's posts exactly once, newest first; each archive document
 * marked, linking `current` to the feed it came from and `self` to itself, never `next-archive`;
 * pages full but the newest; the formats page alike; no archive file that no chain reaches.
 */
async function expectWholeChains(out: Store, posts: readonly CorpusPost[], now = NOW): Promise<Chains> {
  const chains = await chainsOf(out);
  const reached: string[] = [];
  for (const { dir, has } of SCOPES) {
    const expected = expectedIds(posts, has, now);
    const byFormat = chains.get(dir)!;
    for (const format of CHAIN_FORMATS) {
      const [feed, ...archives] = byFormat[format];
      const label = `${dir}${SUBSCRIPTION_FILES[format]}`;
      expect(byFormat[format].flatMap((document) => document.view.ids), label).toEqual(expected);
      expect(feed!.view.ids.length, label).toBeGreaterThan(0);
      expect(feed!.view.ids.length, label).toBeLessThanOrEqual(LIMIT);
      expect(feed!.view.archive, label).toBe(false);
      expect(feed!.view.complete, label).toBe(format !== 'json' && archives.length === 0);
      expect(archives.length === 0, `${label} holds everything`).toBe(feed!.view.ids.length === expected.length);
      if (format === 'json') expect(feed!.view.feedUrl, label).toBe(SITE + label);
      else expect(linksOf(feed!.view, 'current'), label).toEqual([]);
      for (const archive of archives) {
        const where = `${archive.key} (from ${label})`;
        expect(archive.key, where).toMatch(ARCHIVE_KEY);
        expect(archive.key.endsWith(ARCHIVE_SUFFIXES[format]), where).toBe(true);
        expect(currentUrl(format, archive.view), where).toBe(SITE + label);
        if (format !== 'json') {
          expect(archive.view.archive, where).toBe(true);
          expect(archive.view.complete, where).toBe(false);
          expect(linksOf(archive.view, 'current'), where).toEqual([{ rel: 'current', type: HISTORY_LINK_TYPES[format], href: SITE + label }]);
          expect(linksOf(archive.view, 'self').map((link) => link.href), where).toEqual([SITE + archive.key]);
          expect(linksOf(archive.view, 'next-archive'), where).toEqual([]);
        }
      }
      if (format !== 'json') {
        for (const document of byFormat[format].slice(0, -1)) {
          expect(linksOf(document.view, 'prev-archive').map((link) => link.type), document.key).toEqual([HISTORY_LINK_TYPES[format]]);
        }
      }
      for (const archive of archives) expect(archive.view.ids.length, archive.key).toBeGreaterThan(0);
      for (const archive of archives) expect(archive.view.ids.length, archive.key).toBeLessThanOrEqual(ARCHIVE_PAGE_ITEMS);
      reached.push(...archives.map((archive) => archive.key));
    }
    // The three formats are one feed: the same pages (one name), the same posts on each.
    const pages = (format: ChainFormat) => byFormat[format].slice(1).map((archive) => ({ name: pageName(archive.key), ids: archive.view.ids }));
    expect(pages('atom'), dir).toEqual(pages('rss'));
    expect(pages('json'), dir).toEqual(pages('rss'));
    expect(byFormat.atom[0]!.view.ids, dir).toEqual(byFormat.rss[0]!.view.ids);
    expect(byFormat.json[0]!.view.ids, dir).toEqual(byFormat.rss[0]!.view.ids);
  }
  expect(new Set(reached).size, 'no page is in two chains').toBe(reached.length);
  expect(reached.sort(), 'every stored archive is reached').toEqual((await archiveKeys(out)).sort());
  return chains;
}

/** The first build of the corpus: read only (the tests that build again start from a copy). */
let baseStore: MemoryStore;
let base: Map<string, string>;
let baseChains: Chains;
let baseSummary: BuildSummary;

/** A store holding what the first build of the corpus stored. */
const storedBase = () => createMemoryStore(Object.fromEntries(base));

/** The corpus built once with `maxBytes` at BUDGET, for the tests that look at it. */
let budgeted: Promise<{ out: MemoryStore; summary: BuildSummary }> | undefined;
const budgetBuild = () => {
  const out = createMemoryStore();
  return (budgeted ??= build(CORPUS, out, { maxBytes: BUDGET }).then((summary) => ({ out, summary })));
};

beforeAll(async () => {
  baseStore = createMemoryStore();
  baseSummary = await build(CORPUS, baseStore);
  base = await allTexts(baseStore);
  baseChains = await chainsOf(baseStore);
});

// ---------------------------------------------------------------- the chains

describe('walking the archive chain from each subscription feed, in each format', () => {
  it.each([
    [`limit ${LIMIT}`, false],
    [`limit ${LIMIT} and a byte budget that trims`, true],
  ])('%s: finds every published post of the feed exactly once, newest first', async (_case, budget) => {
    const { out, summary } = budget ? await budgetBuild() : { out: storedBase(), summary: baseSummary };
    const chains = await expectWholeChains(out, CORPUS);
    const held = (dir: string) => chains.get(dir)!.rss[0]!.view.ids.length;
    const total = (dir: string) => expectedIds(CORPUS, SCOPES.find((scope) => scope.dir === dir)!.has, NOW).length;
    if (!budget) {
      for (const { dir } of SCOPES) expect(held(dir), dir).toBe(Math.min(LIMIT, total(dir)));
      // Counted from the oldest post: every page is full but the newest.
      for (const { dir } of SCOPES) expect(chains.get(dir)!.rss.slice(2).every((archive) => archive.view.ids.length === ARCHIVE_PAGE_ITEMS), dir).toBe(true);
      // Sizes the corpus is made to have: several pages, one page, none, one page of one post, one full page.
      expect(chains.get('')!.rss.length).toBeGreaterThanOrEqual(3);
      expect(chains.get('tags/full/')!.rss).toHaveLength(1);
      expect(chains.get('tags/edge/')!.rss.map((document) => document.view.ids.length)).toEqual([LIMIT, 1]);
      expect(chains.get('tags/boundary/')!.rss.map((document) => document.view.ids.length)).toEqual([LIMIT, ARCHIVE_PAGE_ITEMS]);
    } else {
      expect(summary.warnings.filter((warning) => warning.warning.includes('maxBytes')).length).toBeGreaterThan(0);
      expect(held('')).toBeLessThan(LIMIT);
      // It holds everything without the budget; with it, what the budget left out is in archives.
      expect(chains.get('tags/full/')!.rss.length).toBeGreaterThanOrEqual(2);
    }
    expect(chains.get('tags/rare/')!.rss).toHaveLength(1);
    // The summary reports the subscription feeds, not the archives.
    expect(summary.feeds.map((feed) => feed.key).filter((key) => key.startsWith('archives/'))).toEqual([]);
  });

  it('holds no draft, scheduled, future or expired post, and takes a scheduled one in once it is due', async () => {
    const unpublished = new Set(UNPUBLISHED.map(urlOf));
    for (const [key, body] of base) {
      if (!key.startsWith('archives/')) continue;
      const items = readItems(CHAIN_FORMATS.find((format) => key.endsWith(ARCHIVE_SUFFIXES[format]))!, body);
      expect(items.filter((item) => unpublished.has(item.id)).map((item) => item.id), key).toEqual([]);
    }
    // Once its publishDate is past, the post written in 2021 is in the archives of its feeds, in its place by date.
    const due = new Date('2027-01-02T00:00:00Z');
    const out = storedBase();
    await build(CORPUS, out, {}, due);
    const chains = await expectWholeChains(out, CORPUS, due);
    const scheduled = `${SITE}scheduled/`;
    for (const dir of ['', 'tags/three/', 'categories/odd/']) {
      expect(chains.get(dir)!.json.slice(1).some((archive) => archive.view.ids.includes(scheduled)), dir).toBe(true);
    }
  });

  it('holds each post as a link to it: title, link, dates, terms, its summary, never its body', async () => {
    const byUrl = new Map(CORPUS.map((entry) => [urlOf(entry), entry]));
    const archived: [ChainFormat, ReadItem][] = [];
    for (const format of CHAIN_FORMATS) {
      for (const archive of baseChains.get('')![format].slice(1)) {
        expect(archive.text, archive.key).not.toContain('Body of');
        const items = readItems(format, archive.text);
        archived.push(...items.map((item): [ChainFormat, ReadItem] => [format, item]));
      }
    }
    expect(archived.length).toBe(3 * (COUNT - LIMIT));
    for (const [format, item] of archived) {
      const entry = byUrl.get(item.id)!;
      const label = `${format} ${item.id}`;
      expect(item.url, label).toBe(urlOf(entry));
      expect(item.title, label).toBe(entry.title);
      expect(item.html, label).toBe(`<p><a href="${urlOf(entry)}">${entry.title}</a></p>`);
      expect(item.summary, label).toBe(entry.summary ?? entry.title);
      expect(item.published, label).toBe(entry.date);
      expect([...item.categories].sort(), label).toEqual([...entry.categories, ...entry.tags].sort());
    }
  });

  it('serves archives as immutable, with the Content-Type of their format, and feeds as before', async () => {
    const keys = await archiveKeys(baseStore);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(baseStore.cacheControl(key), key).toBe('public, max-age=31536000, immutable');
      const format = CHAIN_FORMATS.find((name) => key.endsWith(ARCHIVE_SUFFIXES[name]))!;
      expect(baseStore.contentType(key), key).toBe(baseStore.contentType(SUBSCRIPTION_FILES[format]));
    }
    for (const format of CHAIN_FORMATS) expect(baseStore.cacheControl(SUBSCRIPTION_FILES[format])).toBe('public, max-age=600');
  });

  it('keeps every archive document within maxBytes, as every other feed document', async () => {
    const { out } = await budgetBuild();
    const entries = (await out.list()).filter((entry) => !entry.key.startsWith('.feedbucket/'));
    expect(entries.filter((entry) => entry.key.startsWith('archives/')).length).toBeGreaterThan(0);
    expect(entries.filter((entry) => entry.size > BUDGET).map((entry) => `${entry.key}: ${entry.size} bytes`)).toEqual([]);
    // And the bound that keeps them within it is not so cautious that archives are mostly empty.
    const sizes = entries.filter((entry) => entry.key.startsWith('archives/')).map((entry) => entry.size);
    const full = sizes.filter((size) => size > BUDGET / 4);
    expect(full.length / sizes.length).toBeGreaterThan(0.5);
  });
});

describe('archive documents are valid', () => {
  it('Atom against the RFC 4287 schema, JSON Feed against its schema, RSS as XML', () => {
    const archives = [...base].filter(([key]) => key.startsWith('archives/'));
    // jing takes half a second a document: the main feed's pages (newest, middle, oldest) and one term's.
    const atoms = [...baseChains.get('')!.atom.slice(1), ...baseChains.get('tags/edge/')!.atom.slice(1)];
    expect(atoms.length).toBeGreaterThanOrEqual(4);
    for (const { key, text } of atoms) expect(jingAtom(text), key).toEqual({ ok: true, output: '' });
    for (const [key, body] of archives.filter(([name]) => name.endsWith('.json'))) expect(jsonFeedSchemaErrors(body), key).toEqual([]);
    for (const [key, body] of archives.filter(([name]) => name.endsWith('.xml'))) expect(xmlProblem(body), key).toBeUndefined();
    // The subscription feeds that link to them, too.
    expect(jingAtom(base.get('atom.xml')!)).toEqual({ ok: true, output: '' });
    expect(jsonFeedSchemaErrors(base.get('feed.json')!)).toEqual([]);
  });
});

// ---------------------------------------------------------------- incremental builds

/** How a feed's archive pages change in a run: its newest `replaced` pages give way to `added` new ones. */
interface PageChange {
  added: number;
  replaced: number;
}

/**
 * `changes`: the feeds that change (a feed whose change is in its subscription documents alone
 * has 0 and 0). Each feed's other pages must keep their names and bytes; only the new pages and
 * the changed feeds' subscription files are written, and the replaced pages deleted. Feeds not in
 * `changes` are untouched.
 */
function expectPageChanges(before: Chains, after: Chains, changes: ReadonlyMap<string, PageChange>, run: { puts: string[]; deletes: string[] }): void {
  const written: string[] = [];
  const deleted: string[] = [];
  for (const { dir } of SCOPES) {
    const { added, replaced } = changes.get(dir) ?? { added: 0, replaced: 0 };
    for (const format of CHAIN_FORMATS) {
      const old = before.get(dir)![format].slice(1);
      const now = after.get(dir)![format].slice(1);
      const label = `${dir}${SUBSCRIPTION_FILES[format]}`;
      const pages = (chain: readonly ChainDocument[]) => chain.map((document) => ({ key: document.key, text: document.text }));
      expect(pages(now.slice(added)), `${label}: its older pages, untouched`).toEqual(pages(old.slice(replaced)));
      for (const page of now.slice(0, added)) expect(old.map((document) => document.key), `${label}: ${page.key} is new`).not.toContain(page.key);
      written.push(...now.slice(0, added).map((document) => document.key));
      deleted.push(...old.slice(0, replaced).map((document) => document.key));
      if (changes.has(dir)) written.push(label);
    }
  }
  expect([...run.puts].sort()).toEqual([...written, '.feedbucket/manifest.json'].sort());
  expect([...run.deletes].sort()).toEqual(deleted.sort());
}

/**
 * The feeds whose chains hold `id`, each replacing the pages, newest first, down to the one that
 * holds it (none when the subscription documents hold it): those pages link to it.
 */
function pagesDownTo(chains: Chains, id: string): Map<string, PageChange> {
  const changes = new Map<string, PageChange>();
  for (const [dir, byFormat] of chains) {
    const index = byFormat.rss.findIndex((document) => document.view.ids.includes(id));
    if (index >= 0) changes.set(dir, { added: index, replaced: index });
  }
  return changes;
}

const FRESH: CorpusPost = { file: 'fresh.md', slug: 'fresh', title: 'Fresh post', date: '2026-05-01T10:00:00.000Z', tags: ['three', 'full', 'boundary'], categories: ['Even'] };

describe('an incremental build', () => {
  it.each([
    ['limit', false],
    // a feed the budget cut is built on every run: its archives must come out the same
    ['byte budget', true],
  ])('writes nothing when nothing changed (%s)', async (_case, budget) => {
    const stored = budget ? await allTexts((await budgetBuild()).out) : base;
    const run = recording(createMemoryStore(Object.fromEntries(stored)));
    await build(CORPUS, run.store, budget ? { maxBytes: BUDGET } : {});
    expect([run.puts, run.deletes]).toEqual([[], []]);
    expect(await allTexts(run.store)).toEqual(stored);
    expect([...stored.keys()].filter((key) => key.startsWith('archives/')).length).toBeGreaterThan(0);
  });

  it('after a new post, replaces only the newest page of each feed the post is in, or adds a page when the newest was full or there was none', async () => {
    const posts = [...CORPUS, FRESH];
    const run = recording(storedBase());
    await build(posts, run.store);
    const after = await expectWholeChains(run.store, posts);
    const changes = new Map<string, PageChange>([
      ['', { added: 1, replaced: 1 }],
      ['tags/three/', { added: 1, replaced: 1 }],
      ['categories/even/', { added: 1, replaced: 1 }],
      // held its LIMIT posts, marked complete; now its oldest is in an archive of its own
      ['tags/full/', { added: 1, replaced: 0 }],
      // its one page held ARCHIVE_PAGE_ITEMS posts: it stays, and a page of one post comes before it
      ['tags/boundary/', { added: 1, replaced: 0 }],
    ]);
    expectPageChanges(baseChains, after, changes, run);
    expect(after.get('tags/full/')!.atom[0]!.view.complete).toBe(false);
    for (const dir of ['tags/full/', 'tags/boundary/']) expect(after.get(dir)!.atom[1]!.view.ids, dir).toHaveLength(1);
    expect(run.deletes.filter((key) => key.startsWith('archives/'))).toHaveLength(9);
    // Archives first, then the feeds that link to them, then the deletes, then the manifest.
    const kinds = run.log.map(({ op, key }) => (op === 'delete' ? 'delete' : key.startsWith('archives/') ? 'archive' : key.startsWith('.feedbucket/') ? 'manifest' : 'feed'));
    expect(kinds.filter((kind, index) => kind !== kinds[index - 1])).toEqual(['archive', 'feed', 'delete', 'manifest']);
  });

  it.each([
    ['edited', 0, 'the oldest page of each of its feeds: every page of those feeds'],
    // also in the subscription feed of `full`, which has no archive
    ['edited', 700, "the main feed's middle page (its oldest stays) and its category's oldest page"],
    ['removed', 700, "the main feed's middle page (its oldest stays) and its category's oldest page"],
  ] as const)('a post %s (%i), in %s, replaces its page and every newer one, nothing older', async (change, index, _where) => {
    const target = CORPUS[index]!;
    const edited = { ...target, title: `Post ${index}, edited` };
    const posts = change === 'edited' ? CORPUS.map((entry) => (entry === target ? edited : entry)) : CORPUS.filter((entry) => entry !== target);
    const run = recording(storedBase());
    await build(posts, run.store);
    const after = await expectWholeChains(run.store, posts);
    const changes = pagesDownTo(baseChains, urlOf(target));
    expect([...changes.keys()].sort()).toEqual(SCOPES.filter((scope) => scope.has(target)).map((scope) => scope.dir).sort());
    expectPageChanges(baseChains, after, changes, run);
    if (change === 'edited') {
      for (const [dir, { added }] of changes) {
        const titles = readAtomItems(after.get(dir)!.atom[added]!.text).filter((item) => item.id === urlOf(target)).map((item) => item.title);
        expect(titles, dir).toEqual([edited.title]);
      }
    }
    if (index === 700) expect([changes.get('')?.added, changes.get('tags/full/')?.added]).toEqual([baseChains.get('')!.rss.length - 2, 0]);
  });

  it('keeps each post the id it was first published with, when its URL changes', async () => {
    const out = storedBase();
    await build(CORPUS, out, { permalink: '/posts/:slug/' });
    const chains = await expectWholeChains(out, CORPUS);
    for (const format of CHAIN_FORMATS) {
      const archive = chains.get('')![format][1]!;
      const items = readItems(format, archive.text);
      for (const item of items) expect(item.url, item.id).toBe(item.id.replace(SITE, `${SITE}posts/`));
      expect(baseChains.get('')![format].map((document) => document.key)).not.toContain(archive.key);
    }
    expect(await archiveKeys(out)).toHaveLength((await archiveKeys(storedBase())).length);
  });

  it('with archives turned off, deletes every archive and publishes the feeds as a site that never had them; turned on again, the same names come back', async () => {
    const run = recording(createMemoryStore({ ...Object.fromEntries(base), ...SITE_FILES }));
    const baseArchives = [...base.keys()].filter((key) => key.startsWith('archives/')).sort();
    await build(CORPUS, run.store, { archives: false });
    const stored = await allTexts(run.store);
    expect([...stored.keys()].filter((key) => key.startsWith('archives/'))).toEqual(Object.keys(SITE_FILES).sort());
    expect([...run.deletes].sort()).toEqual(baseArchives);

    const never = createMemoryStore(SITE_FILES);
    await build(CORPUS, never, { archives: false });
    const published = (files: Map<string, string>) => [...files].filter(([key]) => !key.startsWith('.feedbucket/'));
    expect(published(stored)).toEqual(published(await allTexts(never)));
    for (const { dir } of SCOPES) {
      for (const format of CHAIN_FORMATS) {
        const key = `${dir}${SUBSCRIPTION_FILES[format]}`;
        const view = historyView(format, stored.get(key)!);
        expect([linksOf(view, 'prev-archive'), view.nextUrl, view.archive], key).toEqual([[], undefined, false]);
      }
    }

    await build(CORPUS, run.store);
    await expectWholeChains(run.store, CORPUS);
    expect((await archiveKeys(run.store)).sort()).toEqual(baseArchives);
    for (const [key, text] of Object.entries(SITE_FILES)) expect((await allTexts(run.store)).get(key), key).toBe(text);
  });
});

// ---------------------------------------------------------------- escaping

describe('an archived post whose title and summary are markup', () => {
  const TITLE = `Tom & Jerry <b>"quoted"</b> 'x' ]]> and a ]]&gt;`;
  const SUMMARY = `a < b && c > d ]]> "q"`;
  const posts = [1, 2, 3, 4].map((day) =>
    post(
      { title: JSON.stringify(day === 1 ? TITLE : `Post ${day}`), date: `2024-01-0${day}`, ...(day === 1 ? { summary: JSON.stringify(SUMMARY) } : {}) },
      `Body ${day}.\n`,
    ),
  );

  it('stays well-formed and valid, and shows both as text, in every format', async () => {
    const out: MemoryStore = createMemoryStore();
    const summary = await runBuild({ config: siteConfig({ limit: 2, archives: true }), now: NOW, stores: { source: createMemoryStore(Object.fromEntries(posts.map((text, i) => [`p${i + 1}.md`, text]))), out } });
    expect(summary.errors).toEqual([]);
    for (const format of CHAIN_FORMATS) {
      const chain = await walkChain(reader(out), SITE, format, SUBSCRIPTION_FILES[format]);
      expect(chain).toHaveLength(2);
      const archive = chain[1]!;
      if (format !== 'json') expect(xmlProblem(archive.text), archive.key).toBeUndefined();
      if (format === 'atom') expect(jingAtom(archive.text), archive.key).toEqual({ ok: true, output: '' });
      if (format === 'json') expect(jsonFeedSchemaErrors(archive.text), archive.key).toEqual([]);
      const items = readItems(format, archive.text);
      const item = items.find((candidate) => candidate.id === `${SITE}p1/`)!;
      expect(item.title, format).toBe(TITLE);
      expect(item.summary, format).toBe(SUMMARY);
      // The content is markup: one paragraph, one link, whose text is the title (no <b> element in it).
      const paragraph = readXml(item.html);
      const link = paragraph.elements[0]!;
      expect([paragraph.local, paragraph.elements.length, link.local, link.attributes.href, link.elements.length], format).toEqual(['p', 1, 'a', `${SITE}p1/`, 0]);
      expect(link.text, format).toBe(TITLE);
    }
  });
});
