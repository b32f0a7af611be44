/**
 * The hostile-input collection: files made to break a feed builder (alias bombs, 50 MB posts,
 * nesting 10,000 to 100,000 deep, binary and broken encodings, unsafe keys, links that loop,
 * unreadable files, impossible dates, 2,000 tags, markup in titles, pathological srcset, template
 * bombs), generated at test time (tests/hostile/cases.ts). Three runs hold them all: one
 * in-memory build, one against the S3 test server, one of the CLI against a local folder. Each
 * run must finish, publish the good post beside them, write only documents that parse and carry
 * no markup a reader would run, and treat each hostile file as a demanding user expects:
 * published with its title, or skipped with a message that names it and says what to fix.
 */
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { countingStore, NOW, siteConfig, tempDir } from '../engine/helpers.ts';
import { snapshot } from '../integration/s3-helpers.ts';
import { CLI, handToChild, restoreAccess, runUnprivileged } from '../stores/unprivileged.ts';
import { jsonFeedSchemaErrors, readAtomItems, readJsonItems, readRssItems, SITE, xmlProblem, type ReadItem } from '../support/feed-checks.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import {
  BUCKET_FILES,
  GOOD_KEY,
  GOOD_TITLE,
  goodPost,
  HOSTILE_COUNT,
  LOCAL_FILES,
  MEMORY_FILES,
  type HostileFile,
  type HostileLocalFile,
  type Outcome,
} from './cases.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

/** Every published post is in the main feeds: each can be found there by its title. */
const LIMIT = 1000;
const SITE_FLAGS = ['--site-url', SITE, '--title', 'Hostile blog', '--limit', String(LIMIT)];

/** What one run left: its summary and every output document, key → text. */
interface Run {
  summary: BuildSummary;
  outputs: Map<string, string>;
  main: Record<'rss' | 'atom' | 'json', ReadItem[]>;
}

type Row = Pick<HostileFile, 'key' | 'expect'>;

const measured: string[] = [];

afterAll(() => {
  // The one line this collection prints: its size, and the peak memory of the 50 MB cases.
  console.log(`hostile-input collection: ${HOSTILE_COUNT} hostile files (${MEMORY_FILES.length} in memory, ${BUCKET_FILES.length} in S3, ${LOCAL_FILES.length} in a local folder); ${measured.join('; ')}`);
});

describe(`the hostile-input collection: ${HOSTILE_COUNT} hostile files in three runs`, () => {
  it(`holds ${HOSTILE_COUNT} distinct hostile files, each with one expected outcome and, if published, a title of its own`, () => {
    // Titles find items in the feeds, keys find skips: a repeat would let one row pass for another.
    for (const rows of [MEMORY_FILES, BUCKET_FILES, LOCAL_FILES] as readonly Row[][]) {
      const keys = rows.map((row) => row.key);
      expect(new Set(keys).size).toBe(keys.length);
      const titles = rows.flatMap((row) => ('published' in row.expect ? [row.expect.published] : []));
      expect(new Set([...titles, GOOD_TITLE]).size).toBe(titles.length + 1);
    }
    expect(MEMORY_FILES.length + BUCKET_FILES.length + LOCAL_FILES.length).toBe(HOSTILE_COUNT);
  });

  describe(`one in-memory build over ${MEMORY_FILES.length} hostile files`, () => {
    const out = createMemoryStore();
    let run: Run;
    let fiftyMbReads: number;
    beforeAll(async () => {
      // Unsafe keys go in as a bucket holds them, behind the store's checks; bytes through `put`.
      const made = MEMORY_FILES.map((file) => [file.key, file.make()] as const);
      const source = createMemoryStore(Object.fromEntries([[GOOD_KEY, goodPost()], ...made.filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string')]));
      for (const [key, content] of made) if (typeof content !== 'string') await source.put(key, content, 'text/markdown');
      const counting = countingStore(source);
      // Every hostile post must reach the main feed, the one just under 4 MiB with the rest: a byte
      // budget that leaves the oldest out is tests/engine/byte-budget.test.ts's subject, not this one's.
      const summary = await runBuild({ config: siteConfig({ limit: LIMIT, maxBytes: 64 * 1024 * 1024 }), now: NOW, stores: { source: counting, out } });
      measured.push(`in-memory build: peak RSS of the test process ${mib(process.resourceUsage().maxRSS * 1024)}`);
      fiftyMbReads = counting.gets.get('size/50-mb.md') ?? 0;
      run = await readRun(summary, await storeTexts(out));
    }, 120_000);

    it('finishes with documents that parse, carry no markup a reader would run, and hold the good post', () => expectSoundRun(run, MEMORY_FILES));
    it('never reads the 50 MB post: it is refused from its listed size', () => expect(fiftyMbReads).toBe(0));
    it('leaves Object.prototype alone whatever keys the front matter has', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
    it.each(rowsOf(MEMORY_FILES))('%s', (_label, file) => expectOutcome(run, file));
  });

  describe(`one build of ${BUCKET_FILES.length} hostile keys in the S3 test server`, () => {
    const BUCKET = 'hostile-keys';
    let server: S3TestServer;
    let client: S3Client;
    let run: Run;
    beforeAll(async () => {
      server = await startS3Server({ buckets: [BUCKET] });
      client = server.client();
      const limit = pLimit(8);
      const objects: [string, string | Uint8Array][] = [[GOOD_KEY, goodPost()], ...BUCKET_FILES.map((file) => [file.key, file.make()] as [string, string | Uint8Array])];
      await Promise.all(objects.map(([key, body]) => limit(() => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `posts/${key}`, Body: body })))));
      const store = (prefix: string) => createS3Store({ bucket: BUCKET, prefix, client });
      const summary = await runBuild({ config: siteConfig({ limit: LIMIT }), now: NOW, stores: { source: store('posts/'), out: store('public/') } });
      const stored = await snapshot(client, BUCKET, 'public/');
      run = await readRun(summary, new Map([...stored].map(([key, object]) => [key, object.body])));
    }, 60_000);
    afterAll(async () => {
      client?.destroy();
      await server?.stop();
    });

    it('finishes with documents that parse, carry no markup a reader would run, and hold the good post', () => expectSoundRun(run, BUCKET_FILES));
    it.each(rowsOf(BUCKET_FILES))('%s', (_label, file) => expectOutcome(run, file));
  });

  describe(`the CLI over a local folder with ${LOCAL_FILES.length} hostile files, as a user whom permissions stop`, () => {
    let run: Run;
    let peakKib: number;
    beforeAll(async () => {
      const root = await tempDir('hostile');
      const content = join(root, 'content');
      const outside = join(root, 'outside');
      for (const dir of [content, outside, join(root, 'public')]) mkdirSync(dir);
      writeFileSync(join(content, GOOD_KEY), goodPost());
      for (const file of LOCAL_FILES) file.make(join(content, file.key), outside);
      handToChild(root);
      const locked = LOCAL_FILES.filter((file): file is HostileLocalFile & { mode: number } => file.mode !== undefined);
      for (const file of locked) chmodSync(join(content, file.key), file.mode);
      let cli: Awaited<ReturnType<typeof runUnprivileged>>;
      try {
        cli = await runUnprivileged(CLI, { nodeArgs: PEAK_RSS_AT_EXIT, args: ['build', '--source', content, '--out', join(root, 'public'), '--json', ...SITE_FLAGS] });
      } finally {
        for (const file of locked) restoreAccess(join(content, file.key));
      }
      expect(cli.code, cli.stderr).toBe(0);
      peakKib = Number(/peak-rss-kib=(\d+)/.exec(cli.stderr)?.[1]);
      measured.push(`CLI over the local folder: peak RSS ${mib(peakKib * 1024)}`);
      run = await readRun(JSON.parse(cli.stdout) as BuildSummary, filesUnder(join(root, 'public')));
    }, 60_000);

    it('finishes with documents that parse, carry no markup a reader would run, and hold the good post', () => expectSoundRun(run, LOCAL_FILES));
    // A sanity bound, not a benchmark: the build alone peaks near 130 MiB with or without the
    // 50 MB file, which is refused from its size and never read; reading it would add its copies.
    it('stays within a sane peak memory beside a 50 MB file', () => expect(peakKib).toBeLessThan(384 * 1024));
    it.each(rowsOf(LOCAL_FILES))('%s', (_label, file) => expectOutcome(run, file));
  });
});

// ------------------------------------------------------------------------------ runs

async function storeTexts(store: ReturnType<typeof createMemoryStore>): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const entry of await store.list()) texts.set(entry.key, new TextDecoder().decode(await store.get(entry.key)));
  return texts;
}

function filesUnder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'), readFileSync(join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

/**
 * The child's peak resident memory, printed as it exits: the parent cannot ask for it. VmHWM is
 * the peak since the child's `exec`; `maxRSS` would also count the pages it shared with this
 * (large) test process when it was forked, so it is only the fallback where /proc is missing.
 */
const PEAK_RSS_AT_EXIT = [
  '--import',
  `data:text/javascript,${encodeURIComponent(`
    import { readFileSync } from 'node:fs';
    process.on('exit', () => {
      let kib;
      try { kib = Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch { kib = process.resourceUsage().maxRSS; }
      process.stderr.write('peak-rss-kib=' + kib + '\\n');
    });`)}`,
];

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

async function readRun(summary: BuildSummary, outputs: Map<string, string>): Promise<Run> {
  const text = (key: string) => {
    const found = outputs.get(key);
    if (found === undefined) throw new Error(`${key} was not written; skipped: ${JSON.stringify(summary.skipped)}`);
    return found;
  };
  return { summary, outputs, main: { rss: readRssItems(text('rss.xml')), atom: readAtomItems(text('atom.xml')), json: readJsonItems(text('feed.json')) } };
}

/** `[label, row]` pairs for `it.each`: control characters in keys shown escaped. */
function rowsOf<T extends Row>(rows: readonly T[]): [string, T][] {
  return rows.map((row) => [`${JSON.stringify(row.key).slice(1, -1)} is ${outcomeName(row.expect)}`, row]);
}

function outcomeName(outcome: Outcome): string {
  if ('published' in outcome) return 'published';
  if ('skipped' in outcome) return 'skipped, named, with the fix';
  if ('reported' in outcome) return `reported (${outcome.reported})`;
  if ('held' in outcome) return `held back (${outcome.held})`;
  return `no post (${outcome.ignored})`;
}

// ------------------------------------------------------------------------------ what every run owes

function expectSoundRun(run: Run, rows: readonly Row[]): void {
  const { summary, outputs, main } = run;
  expect(summary.errors).toEqual([]);

  // Every document parses (strictly, namespaces on), JSON Feed against its published schema;
  // the manifest, which holds every published post's HTML, is JSON the next run can read.
  const manifest = outputs.get('.feedbucket/manifest.json');
  expect(manifest, 'the manifest').toBeDefined();
  expect(() => parseStoredManifest(manifest!)).not.toThrow();
  const documents = [...outputs].filter(([key]) => !key.startsWith('.feedbucket/') && key !== STYLESHEET_KEY);
  expect(documents.length).toBeGreaterThanOrEqual(3);
  const items: [string, ReadItem][] = [];
  for (const [key, text] of documents) {
    if (key.endsWith('.json')) {
      expect(jsonFeedSchemaErrors(text), key).toEqual([]);
      items.push(...readJsonItems(text).map((item) => [key, item] as [string, ReadItem]));
    } else {
      expect(xmlProblem(text), key).toBeUndefined();
      const read = key.endsWith('atom.xml') ? readAtomItems(text) : readRssItems(text);
      items.push(...read.map((item) => [key, item] as [string, ReadItem]));
    }
    // A term feed's key is a slug: never a way out of `out`, whatever the tag said.
    expect(key, key).not.toMatch(/(^|\/)\.\.?(\/|$)|^\/|\/\/|\\/);
  }

  // Escaping holds in every item: no markup a reader would run, links only under the site.
  for (const [key, item] of items) {
    expect(unsafeMarkup(item.html), `${key}: ${item.title.slice(0, 60)}`).toEqual([]);
    expect(new URL(item.url).href, key).toBe(item.url);
    expect(item.url.startsWith(SITE), item.url).toBe(true);
  }

  // The good post, in every format of the main feed.
  for (const [format, list] of Object.entries(main)) expect(list.filter((item) => item.title === GOOD_TITLE), format).toHaveLength(1);

  // Exactly what the table says: these posts counted, these skipped, these titles published.
  expect(summary.posts).toBe(rows.filter((row) => !('ignored' in row.expect)).length + 1);
  const skippedKeys = rows.flatMap((row) => ('skipped' in row.expect ? [row.key] : 'reported' in row.expect ? [row.expect.as] : []));
  expect(summary.skipped.map((skip) => skip.key).sort()).toEqual(skippedKeys.sort());
  const titles = rows.flatMap((row) => ('published' in row.expect ? [row.expect.published] : []));
  for (const [format, list] of Object.entries(main)) expect(list.map((item) => item.title).sort(), format).toEqual([...titles, GOOD_TITLE].sort());
}

/** What in `html` a reader could run or follow into script: the tags sanitizing removes, event handlers, script URLs. */
function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][^\s/>]*)([^>]*)>/g)) {
    const [, name = '', attributes = ''] = tag;
    if (/^(script|style|iframe|frame|object|embed|svg|math|form|button|input|base|meta|link)$/i.test(name)) problems.push(`<${name}>`);
    for (const [, attribute = '', value = ''] of attributes.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      if (/^on/i.test(attribute)) problems.push(`${attribute}=`);
      const decoded = value.replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&#(\d+);?/g, (_m, dec: string) => String.fromCodePoint(Number(dec)));
      if (/^\s*(javascript|vbscript|data:(?!image\/(png|jpeg|gif|webp|avif)))/i.test(decoded.replace(/[\t\n\r]/g, ''))) problems.push(`${attribute}="${value.slice(0, 40)}"`);
    }
  }
  return problems;
}

function expectOutcome(run: Run, row: Row): void {
  const { summary, main } = run;
  const { key, expect: outcome } = row;
  const skip = summary.skipped.find((entry) => entry.key === ('reported' in outcome ? outcome.as : key));
  const warnings = summary.warnings.filter((entry) => entry.key === key).map((entry) => entry.warning);
  if ('published' in outcome) {
    expect(skip, skip?.error).toBeUndefined();
    for (const [format, list] of Object.entries(main)) {
      const found = list.filter((item) => item.title === outcome.published);
      // Titles round-trip: the one item with exactly this title, in every format.
      expect(found, format).toHaveLength(1);
      if (outcome.categories) expect(found[0]!.categories, format).toEqual(outcome.categories);
      if (outcome.contains) expect(found[0]!.html.includes(outcome.contains), `${format}: "${outcome.contains}" in the item`).toBe(true);
    }
    if (outcome.warning) expect(warnings).toContainEqual(expect.stringMatching(outcome.warning));
    return;
  }
  if ('skipped' in outcome || 'reported' in outcome) {
    expect(skip, `${JSON.stringify(key)} is not in skipped`).toBeDefined();
    // A message that reads on its own: the key first (then the line, if any).
    expect(skip!.error.startsWith(`${skip!.key}:`), skip!.error).toBe(true);
    if ('skipped' in outcome) expect(skip!.error.slice(skip!.key.length)).toMatch(outcome.skipped);
    return;
  }
  // Held back, or no post: nothing said of it, nothing published.
  expect(skip, skip?.error).toBeUndefined();
  if ('ignored' in outcome) expect(warnings).toEqual([]);
}
