/**
 * Helpers for the engine suites: a hand-built site configuration, posts as Markdown text,
 * store wrappers that count or reorder, and readers that turn the bytes a build produced back
 * into comparable items (through tests/support/feed-checks.ts, which knows nothing of src/documents).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';
import { siteConfig as baseSiteConfig } from '../support/site-config.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildRequest, BuildSummary } from '../../src/pipeline/types.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import { readAtomItems, readJsonItems, readRssItems, type ReadItem } from '../support/feed-checks.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SEED_POST = fileURLToPath(new URL('../fixtures/real/xen-and-kvm-in-2017.md', import.meta.url));

/** Every build in these suites decides selection at this instant unless it says otherwise. */
export const NOW = new Date('2026-06-01T00:00:00Z');

export const FORMAT_FILES = ['rss.xml', 'atom.xml', 'feed.json'] as const;

export function siteConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return baseSiteConfig({
    title: 'Example Blog',
    description: 'Notes on things',
    author: 'Ada Example',
    source: 'memory-source',
    out: 'memory-out',
    ...overrides,
  });
}

/**
 * A post as an author writes it. Front-matter values are written as given (so a test can write
 * YAML exactly, e.g. `'"quoted"'`); lists become flow sequences of JSON strings.
 */
export function post(front: Record<string, string | number | boolean | string[]>, body = 'Some text.\n'): string {
  const lines = Object.entries(front).map(([key, value]) =>
    Array.isArray(value) ? `${key}: [${value.map((v) => JSON.stringify(v)).join(', ')}]` : `${key}: ${String(value)}`,
  );
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

export interface Built {
  summary: BuildSummary;
  source: Store;
  out: MemoryStore;
}

/** One build from a fresh memory source into `out` (a fresh one unless given). */
export async function buildMemory(
  files: Record<string, string>,
  options: Partial<Omit<BuildRequest, 'stores'>> & { out?: MemoryStore; source?: Store } = {},
): Promise<Built> {
  const source = options.source ?? createMemoryStore(files);
  const out = options.out ?? createMemoryStore();
  const { out: _out, source: _source, ...rest } = options;
  const summary = await runBuild({ config: siteConfig(), now: NOW, ...rest, stores: { source, out } });
  return { summary, source, out };
}

/** Every file under `root`, as a bucket holds them: `/`-separated key → text. */
export function filesUnder(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

export async function text(store: Store, key: string): Promise<string> {
  const bytes = await store.get(key);
  if (bytes === undefined) throw new Error(`${key} was not written`);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Every object in the store, key → text. */
export async function allTexts(store: Store): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const entry of await store.list()) texts.set(entry.key, await text(store, entry.key));
  return texts;
}

export async function keys(store: Store): Promise<string[]> {
  return (await store.list()).map((entry) => entry.key);
}

/** `''` for the main feeds, `tags/rust/` …: the directories that hold feed files. */
export function feedDirs(summary: BuildSummary): string[] {
  const dirs = new Set(summary.feeds.map((feed) => feed.key.slice(0, feed.key.lastIndexOf('/') + 1)));
  return [...dirs].sort();
}

export interface FeedSet {
  rss: ReadItem[];
  atom: ReadItem[];
  json: ReadItem[];
  texts: { rss: string; atom: string; json: string };
}

/** The three documents under `dir` read back as items. */
export async function readFeedSet(out: Store, dir = ''): Promise<FeedSet> {
  const texts = {
    rss: await text(out, `${dir}rss.xml`),
    atom: await text(out, `${dir}atom.xml`),
    json: await text(out, `${dir}feed.json`),
  };
  return { rss: readRssItems(texts.rss), atom: readAtomItems(texts.atom), json: readJsonItems(texts.json), texts };
}

/** The three formats of one feed as [format, items] pairs, for `for … of` assertions. */
export function formats(set: FeedSet): [string, ReadItem[]][] {
  return [
    ['rss', set.rss],
    ['atom', set.atom],
    ['json', set.json],
  ];
}

/** `inner` with some of its methods replaced: the rest, and its counts, pass through. */
export function wrapStore(inner: Store, overrides: Partial<Pick<Store, 'list' | 'get' | 'getTagged' | 'put' | 'delete'>>): Store {
  return {
    get location() {
      return inner.location;
    },
    get requests() {
      return inner.requests;
    },
    list: () => inner.list(),
    get: (key) => inner.get(key),
    getTagged: (key) => inner.getTagged(key),
    put: (key, body, contentType, options) => inner.put(key, body, contentType, options),
    delete: (key) => inner.delete(key),
    ...overrides,
  };
}

/** A store whose `get`s are counted per key. */
export function countingStore(inner: Store): Store & { gets: Map<string, number> } {
  const gets = new Map<string, number>();
  const get = (key: string) => {
    gets.set(key, (gets.get(key) ?? 0) + 1);
    return inner.get(key);
  };
  return Object.assign(wrapStore(inner, { get }), { gets });
}

/** A store that lists its objects in the order `order` gives (a real bucket's order is not ours to rely on). */
export function reorderedStore(inner: Store, order: (keys: string[]) => string[]): Store {
  return wrapStore(inner, {
    list: async () => {
      const entries = await inner.list();
      const byKey = new Map(entries.map((entry) => [entry.key, entry]));
      return order(entries.map((entry) => entry.key)).map((key) => byKey.get(key)!);
    },
  });
}

/** Temporary directories, removed after each test. */
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `feedbucket-engine-${label}-`));
  temporary.push(dir);
  return dir;
}

/** Every file under `dir` (recursively): relative `/` path → bytes and mtime. */
export async function snapshotDir(dir: string): Promise<Map<string, { bytes: Buffer; mtimeMs: number }>> {
  const snapshot = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((dirent) => dirent.isFile());
  for (const dirent of files) {
    const full = join(dirent.parentPath, dirent.name);
    snapshot.set(relative(dir, full).split(sep).join('/'), { bytes: await readFile(full), mtimeMs: statSync(full).mtimeMs });
  }
  return snapshot;
}

/**
 * Items compared on what the formats share (RSS has no per-item update). `seconds` compares
 * instants to the second only, for suites that look at something else than sub-second dates.
 */
export function expectSameItems(a: ReadItem[], b: ReadItem[], label: string, { seconds = false } = {}): void {
  const instant = (iso: string) => (seconds ? iso.replace(/\.\d{3}Z$/, 'Z') : iso);
  const shared = (items: ReadItem[]) =>
    items.map(({ id, url, title, html, summary, published, categories, authors }) => ({
      id,
      url,
      title,
      html,
      summary,
      published: instant(published),
      categories,
      authors,
    }));
  expect(shared(a), label).toEqual(shared(b));
}
