/**
 * What the pipeline promises when things go wrong or happen out of order: unpublished posts
 * never leak through the (possibly public) manifest, ids cannot be taken over, a forced rebuild
 * repairs what was deleted behind the manifest's back, a foreign manifest keeps every id, a
 * deadline or a failed write leaves a manifest that tells the truth, a broken edit never takes
 * a post out of the feeds, a post that vanished mid-run is not cached as failed, and the counts
 * hold on runs that reuse the manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BuildError, StoreError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildRequest, BuildSummary } from '../../src/pipeline/types.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import { readAtomItems, readJsonItems, readRssItems, type ReadItem } from '../support/feed-checks.ts';
import { allTexts, countingStore, formats, keys, NOW, post, readFeedSet, siteConfig, snapshotDir, tempDir, text, wrapStore } from './helpers.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

const MANIFEST = '.feedbucket/manifest.json';
const SITE = 'https://blog.example.com/';

// ------------------------------------------------------------------------------------------ helpers

/** One build at `now` (NOW unless given) from `source` into `out`, through runBuild itself. */
function build(source: Store, out: Store, options: Partial<Omit<BuildRequest, 'stores' | 'config'>> = {}): Promise<BuildSummary> {
  return runBuild({ config: siteConfig(), now: NOW, ...options, stores: { source, out } });
}

/** A store that records every key it is asked to PUT, and may act before passing a PUT on (to fail it, or to tick a clock). */
function watchedStore(inner: Store, beforePut: (key: string) => void = () => undefined): Store & { puts: string[] } {
  const puts: string[] = [];
  const put: Store['put'] = async (key, body, contentType, options) => {
    puts.push(key);
    beforePut(key);
    return inner.put(key, body, contentType, options);
  };
  return Object.assign(wrapStore(inner, { put }), { puts });
}

interface StoredManifest {
  version: number;
  settings: string;
  posts: Record<string, { etag: string; publishedId?: string; hidden?: string; dueAt?: string; post?: { title: string } }>;
  outputs: Record<string, string>;
}

async function manifestText(out: Store): Promise<string> {
  return text(out, MANIFEST);
}

async function manifestOf(out: Store): Promise<StoredManifest> {
  return parseStoredManifest(await manifestText(out)) as unknown as StoredManifest;
}

// The manifest records the MD5 of each stored feed file, as S3 reports it in a single-part ETag.
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** Every output (not the manifest) → MD5 of its stored bytes. */
async function storedHashes(out: Store): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const key of await keys(out)) {
    if (key === MANIFEST) continue;
    hashes[key] = md5((await out.get(key))!);
  }
  return hashes;
}

/** The items of one stored feed file, whatever its format; throws unless the file is whole. */
function itemsOfFile(key: string, body: string): ReadItem[] {
  if (key.endsWith('rss.xml')) return readRssItems(body);
  if (key.endsWith('atom.xml')) return readAtomItems(body);
  if (key.endsWith('feed.json')) return readJsonItems(body);
  throw new Error(`${key}: not a feed file`);
}

async function titlesByFormat(out: Store, dir = ''): Promise<Record<string, string[]>> {
  return Object.fromEntries(formats(await readFeedSet(out, dir)).map(([format, items]) => [format, items.map((item) => item.title)]));
}

function allFormats(titles: string[]): Record<string, string[]> {
  return { rss: titles, atom: titles, json: titles };
}

// ------------------------------------------------------------------ 1. unpublished posts stay private

describe('the manifest, which may be served with the feeds', () => {
  const DRAFT = post(
    { title: 'Unannounced Zeppelin Launch', date: '2026-05-10T00:00:00Z', slug: 'zeppelin-secret', tags: ['zeppelin-codename'], draft: true },
    'Draft body.\n',
  );
  /** Its date is in the future: due on 2026-06-10. */
  const LATER = post(
    { title: 'Embargoed Quarterly Figures', date: '2026-06-10T00:00:00Z', slug: 'quarterly-figures', tags: ['embargoed-finance'] },
    'Figures body.\n',
  );
  /** Dated in the past, held back by publishDate until 2026-06-20. */
  const HELD = post(
    {
      title: 'Held Back Merger Story',
      date: '2026-05-01T00:00:00Z',
      publishDate: '2026-06-20T00:00:00Z',
      slug: 'merger-story',
      tags: ['merger-talks'],
    },
    'Merger body.\n',
  );
  const FILES = {
    'public-post.md': post({ title: 'Already public', date: '2026-05-15T00:00:00Z', tags: ['open'] }),
    'a-draft.md': DRAFT,
    'b-scheduled.md': LATER,
    'c-held.md': HELD,
  };
  const SECRETS = {
    // title, link, slug, tag, and the file name
    draft: ['Unannounced Zeppelin Launch', `${SITE}zeppelin-secret/`, 'zeppelin-secret', 'zeppelin-codename', 'a-draft.md'],
    later: ['Embargoed Quarterly Figures', `${SITE}quarterly-figures/`, 'quarterly-figures', 'embargoed-finance', 'b-scheduled.md'],
    held: ['Held Back Merger Story', `${SITE}merger-story/`, 'merger-story', 'merger-talks', 'c-held.md'],
  };

  function expectAbsent(manifest: string, secrets: string[], label: string) {
    for (const secret of secrets) expect(manifest, `${label}: ${secret}`).not.toContain(secret);
  }

  it('never holds the title, URL or tags of a draft or a scheduled post, and a scheduled post is re-read and published when it comes due', async () => {
    const source = createMemoryStore(FILES);
    const out = createMemoryStore();

    // At NOW: only the public post is out; the manifest knows nothing of the others' contents.
    const first = await build(source, out);
    expect(first.published).toBe(1);
    let manifest = await manifestText(out);
    expect(manifest).toContain('Already public');
    expectAbsent(manifest, SECRETS.draft, 'run 1, draft');
    expectAbsent(manifest, SECRETS.later, 'run 1, future date');
    expectAbsent(manifest, SECRETS.held, 'run 1, future publishDate');
    // Nor does any other output.
    for (const [key, body] of await allTexts(out)) {
      for (const secret of [...SECRETS.draft, ...SECRETS.later, ...SECRETS.held]) expect(body, `${key}: ${secret}`).not.toContain(secret);
    }

    // 2026-06-05: neither is due; neither is read.
    const beforeDue = countingStore(source);
    await build(beforeDue, out, { now: new Date('2026-06-05T00:00:00Z') });
    expect(beforeDue.gets.get('b-scheduled.md') ?? 0).toBe(0);
    expect(beforeDue.gets.get('c-held.md') ?? 0).toBe(0);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Already public']));
    manifest = await manifestText(out);
    expectAbsent(manifest, SECRETS.later, 'run 2, future date');
    expectAbsent(manifest, SECRETS.held, 'run 2, future publishDate');

    // 2026-06-15: the dated post came due, no source change: it is read again and published.
    const dateDue = countingStore(source);
    const third = await build(dateDue, out, { now: new Date('2026-06-15T00:00:00Z') });
    expect(dateDue.gets.get('b-scheduled.md') ?? 0).toBe(1);
    expect(dateDue.gets.get('c-held.md') ?? 0).toBe(0);
    expect(third.published).toBe(2);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Embargoed Quarterly Figures', 'Already public']));
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items[0]?.url, format).toBe(`${SITE}quarterly-figures/`);
    }
    manifest = await manifestText(out);
    expect(manifest).toContain('Embargoed Quarterly Figures');
    expect(manifest).toContain(`${SITE}quarterly-figures/`);
    expect(manifest).toContain('embargoed-finance');
    expectAbsent(manifest, SECRETS.held, 'run 3, future publishDate');
    expectAbsent(manifest, SECRETS.draft, 'run 3, draft');

    // 2026-07-01: the publishDate passed, no source change: read again and published.
    const publishDue = countingStore(source);
    const fourth = await build(publishDue, out, { now: new Date('2026-07-01T00:00:00Z') });
    expect(publishDue.gets.get('c-held.md') ?? 0).toBe(1);
    expect(publishDue.gets.get('b-scheduled.md') ?? 0).toBe(0);
    expect(fourth.published).toBe(3);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toContain('Held Back Merger Story');
      expect(items.find((item) => item.title === 'Held Back Merger Story')?.url, format).toBe(`${SITE}merger-story/`);
    }
    manifest = await manifestText(out);
    expect(manifest).toContain('Held Back Merger Story');
    expect(manifest).toContain(`${SITE}merger-story/`);
    expect(manifest).toContain('merger-talks');
    expectAbsent(manifest, SECRETS.draft, 'run 4, draft');
  });
});

// ------------------------------------------------------------------------- 2. sticky ids are owned

describe('an id that a published post owns', () => {
  it('cannot be taken over by a later post with the same permalink whose key sorts first', async () => {
    const source = createMemoryStore({
      '2019/hello.md': post({ title: 'Hello from 2019', date: '2019-03-01T00:00:00Z', slug: 'hello' }),
      'other.md': post({ title: 'Another post', date: '2020-01-01T00:00:00Z' }),
    });
    const out = createMemoryStore();
    await build(source, out);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.find((item) => item.title === 'Hello from 2019')?.id, format).toBe(`${SITE}hello/`);
    }

    await source.put('2018/hello.md', post({ title: 'Hello from 2018', date: '2018-03-01T00:00:00Z' }), 'text/markdown');
    const summary = await build(source, out);

    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Another post', 'Hello from 2019']);
      expect(items[1]?.id, format).toBe(`${SITE}hello/`);
    }
    const skip = summary.skipped.find((entry) => entry.key === '2018/hello.md');
    expect(skip, JSON.stringify(summary.skipped)).toBeDefined();
    expect(skip?.error).toContain('2018/hello.md');
    expect(skip?.error).toContain('2019/hello.md');
    expect(skip?.error).toMatch(/slug:/);
    expect(skip?.error).toMatch(/url:/);
    expect(summary.skipped.map((entry) => entry.key)).not.toContain('2019/hello.md');
    expect(summary.published).toBe(2);
  });

  it('stays its owner’s while the owner is a draft: a newcomer with the same permalink is skipped, the owner returns with it', async () => {
    const source = createMemoryStore({
      '2019/hello.md': post({ title: 'Hello from 2019', date: '2019-03-01T00:00:00Z', slug: 'hello' }),
      'other.md': post({ title: 'Another post', date: '2020-01-01T00:00:00Z' }),
    });
    const out = createMemoryStore();
    await build(source, out);
    await source.put('2019/hello.md', post({ title: 'Hello from 2019', date: '2019-03-01T00:00:00Z', slug: 'hello', draft: true }), 'text/markdown');
    await source.put('2018/hello.md', post({ title: 'Hello from 2018', date: '2018-03-01T00:00:00Z' }), 'text/markdown');
    const whileDraft = await build(source, out);
    expect(whileDraft.skipped.map((entry) => entry.key)).toEqual(['2018/hello.md']);
    for (const [format, items] of formats(await readFeedSet(out))) expect(items.map((item) => item.title), format).toEqual(['Another post']);

    await source.put('2019/hello.md', post({ title: 'Hello from 2019', date: '2019-03-01T00:00:00Z', slug: 'hello' }), 'text/markdown');
    const back = await build(source, out);
    expect(back.skipped.map((entry) => entry.key)).toEqual(['2018/hello.md']);
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.find((item) => item.id === `${SITE}hello/`)?.title, format).toBe('Hello from 2019');
    }
  });
});

// ---------------------------------------------------------------- 3. a forced rebuild repairs outputs

describe('an output deleted or changed behind the manifest’s back', () => {
  it('is restored, alone, by the next normal run: what is stored decides, not what was recorded', async () => {
    const root = await tempDir('restore');
    const content = join(root, 'content');
    const publicDir = join(root, 'public');
    const files: Record<string, string> = {
      'first.md': post({ title: 'First', date: '2026-05-01T00:00:00Z', tags: ['alpha'] }),
      'second.md': post({ title: 'Second', date: '2026-04-01T00:00:00Z', tags: ['alpha', 'beta'] }),
      'notes/third.md': post({ title: 'Third', date: '2026-03-01T00:00:00Z', categories: ['notes'] }),
    };
    for (const [key, body] of Object.entries(files)) {
      mkdirSync(dirname(join(content, key)), { recursive: true });
      writeFileSync(join(content, key), body);
    }
    const source = createLocalStore(content);
    const out = createLocalStore(publicDir);

    await build(source, out);
    const original = await snapshotDir(publicDir);
    expect(original.has('rss.xml')).toBe(true);
    unlinkSync(join(publicDir, 'rss.xml'));
    writeFileSync(join(publicDir, 'atom.xml'), '<feed>tampered</feed>');
    // A term feed no scope produces, as a run that died before its manifest could leave.
    mkdirSync(join(publicDir, 'tags', 'gone'), { recursive: true });
    writeFileSync(join(publicDir, 'tags', 'gone', 'rss.xml'), '<rss/>');

    await sleep(30);
    const repaired = await build(source, out);
    const after = await snapshotDir(publicDir);
    expect([...after.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [key, file] of after) {
      if (key === '.feedbucket/manifest.json') {
        // Only the listing tags of the two files written again differ: they were written later.
        const [now, then] = [file, original.get(key)!].map((version) => parseStoredManifest(version.bytes.toString('utf8')));
        expect({ ...now, listed: undefined }).toEqual({ ...then, listed: undefined });
        const changedTags = Object.keys(now!.listed as object).filter((output) => (now!.listed as Record<string, string>)[output] !== (then!.listed as Record<string, string>)[output]);
        expect(changedTags.sort()).toEqual(['atom.xml', 'rss.xml']);
        continue;
      }
      expect(file.bytes.equals(original.get(key)!.bytes), `${key} bytes`).toBe(true);
      if (key === 'rss.xml' || key === 'atom.xml') continue;
      expect(file.mtimeMs, `${key} was rewritten though its bytes did not change`).toBe(original.get(key)!.mtimeMs);
    }
    expect(repaired.feeds.filter((feed) => feed.changed).map((feed) => feed.key).sort()).toEqual(['atom.xml', 'rss.xml']);
    expect(repaired.deleted).toEqual(['tags/gone/rss.xml']);
  });
});

// --------------------------------------------------------------- 4. a manifest from another version

describe('a manifest written by another version', () => {
  it('keeps every published id, and the run says it rebuilt the index', async () => {
    const first = post({ title: 'Renamed post', date: '2026-05-01T00:00:00Z', slug: 'original-slug', tags: ['t'] });
    const source = createMemoryStore({
      'renamed.md': first,
      'other.md': post({ title: 'Other', date: '2026-04-01T00:00:00Z' }),
    });
    const out = createMemoryStore();
    const idOf = async (dir = '') =>
      formats(await readFeedSet(out, dir)).map(([format, items]) => [format, items.find((item) => item.title === 'Renamed post')?.id]);
    const expectFirstId = async (label: string) => {
      for (const dir of ['', 'tags/t/']) {
        expect(await idOf(dir), `${label} ${dir}`).toEqual([
          ['rss', `${SITE}original-slug/`],
          ['atom', `${SITE}original-slug/`],
          ['json', `${SITE}original-slug/`],
        ]);
      }
    };

    await build(source, out);
    await source.put('renamed.md', first.replace('original-slug', 'second-slug'), 'text/markdown');
    const renamed = await build(source, out);
    expect(renamed.warnings).toEqual([]);
    await expectFirstId('after the rename');

    const stored = await manifestOf(out);
    expect(stored.version).not.toBe(999);
    await out.put(MANIFEST, JSON.stringify({ ...stored, version: 999 }), 'application/json');

    const after = await build(source, out);
    await expectFirstId('after the foreign manifest');
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.find((item) => item.title === 'Renamed post')?.url, format).toBe(`${SITE}second-slug/`);
    }
    const warning = after.warnings.find((entry) => entry.key === MANIFEST);
    expect(warning, JSON.stringify(after.warnings)).toBeDefined();
    expect(warning?.warning).toMatch(/another version/);
    // The manifest written back is this version's, with the id.
    const rewritten = await manifestOf(out);
    expect(rewritten.version).toBe(stored.version);
    expect(rewritten.posts['renamed.md']?.publishedId).toBe(`${SITE}original-slug/`);

    // And a further slug change still keeps the first id.
    await source.put('renamed.md', first.replace('original-slug', 'third-slug'), 'text/markdown');
    await build(source, out);
    await expectFirstId('after another rename');
  });
});

// ------------------------------------------------------------------------ 5. deadline during writes

describe('a deadline that arrives while the feeds are written', () => {
  const TAGS = ['alpha', 'beta', 'gamma', 'delta'];
  const FILES = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [
      `post-${String(i).padStart(2, '0')}.md`,
      post({ title: `Post number ${i}`, date: `2026-0${1 + (i % 5)}-${String(10 + i).padStart(2, '0')}T00:00:00Z`, tags: [TAGS[i % 4]!] }),
    ]),
  );
  const FEED_FILES = 15; // main + 4 tags, three formats each

  it('stops cleanly, records exactly what was written, and the next runs finish the job once', async () => {
    const source = createMemoryStore(FILES);
    const memory = createMemoryStore();
    // A fake clock: every PUT takes 13 s of a 60 s budget, so after 4 PUTs fewer than 10 s are left.
    let elapsed = 0;
    const out = watchedStore(memory, () => {
      elapsed += 13_000;
    });
    const run = build(source, out, { remainingMs: () => 60_000 - elapsed });
    await expect(run).rejects.toBeInstanceOf(BuildError);
    await expect(run).rejects.toThrow(/stopped after/);
    await expect(run).rejects.toThrow(/Raise the function timeout/);

    const writtenFeeds = out.puts.filter((key) => key !== MANIFEST);
    expect(writtenFeeds).toHaveLength(4);
    // The manifest is written, and last.
    expect(out.puts.at(-1)).toBe(MANIFEST);
    expect(out.puts.filter((key) => key === MANIFEST)).toHaveLength(1);

    const manifest = await manifestOf(memory);
    const stored = await storedHashes(memory);
    expect(Object.keys(stored).sort()).toEqual([...writtenFeeds].sort());
    expect(manifest.outputs).toEqual(stored);
    for (const [key, body] of await allTexts(memory)) {
      if (key === MANIFEST) continue;
      expect(itemsOfFile(key, body).length, `${key} is whole`).toBeGreaterThan(0);
    }

    // Ample time: the rest, and only the rest, then the manifest.
    const next = watchedStore(memory);
    const summary = await build(source, next, { remainingMs: () => 600_000 });
    expect(next.puts).toHaveLength(FEED_FILES - 4 + 1);
    expect(next.puts.at(-1)).toBe(MANIFEST);
    expect(next.puts.filter((key) => writtenFeeds.includes(key))).toEqual([]);
    expect(summary.feeds).toHaveLength(FEED_FILES);
    const complete = await storedHashes(memory);
    expect(Object.keys(complete)).toHaveLength(FEED_FILES);
    expect((await manifestOf(memory)).outputs).toEqual(complete);
    for (const [key, body] of await allTexts(memory)) {
      if (key !== MANIFEST) expect(itemsOfFile(key, body).length, key).toBeGreaterThan(0);
    }

    // Nothing left to do.
    const idle = watchedStore(memory);
    await build(source, idle, { remainingMs: () => 600_000 });
    expect(idle.puts).toEqual([]);
  });
});

// ---------------------------------------------------------------------- 6. a write that keeps failing

describe('a feed whose write fails', () => {
  const FAILING = 'tags/x/atom.xml';
  const FILES = {
    'in-x.md': post({ title: 'Tagged x', date: '2026-05-01T00:00:00Z', tags: ['x'] }),
    'in-y.md': post({ title: 'Tagged y', date: '2026-04-01T00:00:00Z', tags: ['y'] }),
    'in-both.md': post({ title: 'Tagged both', date: '2026-03-01T00:00:00Z', tags: ['x', 'y'] }),
  };

  it('fails the run with its StoreError, the others are written, and the next run writes only it', async () => {
    const source = createMemoryStore(FILES);
    const memory = createMemoryStore();
    await build(source, memory);
    const before = await storedHashes(memory);
    expect(Object.keys(before)).toContain(FAILING);

    // An edit that changes every feed holding this post, the failing one among them.
    await source.put('in-x.md', FILES['in-x.md'].replace('Tagged x', 'Tagged x, edited'), 'text/markdown');
    const thrown: StoreError[] = [];
    const failing = watchedStore(memory, (key) => {
      if (key !== FAILING) return;
      const error = new StoreError(`could not write memory:/${key}: access denied`, key);
      thrown.push(error);
      throw error;
    });
    const run = build(source, failing);
    await expect(run).rejects.toBeInstanceOf(StoreError);
    await run.catch(() => undefined);
    expect(thrown).toHaveLength(1);
    await expect(run).rejects.toBe(thrown[0]);

    // The others carry the edit; the failing one keeps its old bytes.
    const after = await storedHashes(memory);
    for (const key of ['rss.xml', 'atom.xml', 'feed.json', 'tags/x/rss.xml', 'tags/x/feed.json']) {
      expect(after[key], key).not.toBe(before[key]);
      expect(await text(memory, key), key).toContain('Tagged x, edited');
    }
    expect(after[FAILING]).toBe(before[FAILING]);
    expect(await text(memory, FAILING)).not.toContain('Tagged x, edited');
    // The manifest: new hashes for the others, the old one (what is really stored) for the failed file.
    const manifest = await manifestOf(memory);
    expect(failing.puts.at(-1)).toBe(MANIFEST);
    expect(manifest.outputs).toEqual(after);

    const next = watchedStore(memory);
    await build(source, next);
    expect([...next.puts].sort()).toEqual([MANIFEST, FAILING].sort());
    expect(await text(memory, FAILING)).toContain('Tagged x, edited');
    expect((await manifestOf(memory)).outputs).toEqual(await storedHashes(memory));
  });
});

// ------------------------------------------------------------------------- 7. a broken edit

describe('a published post whose new version no longer parses', () => {
  const GOOD = post({ title: 'Good title', date: '2026-05-01T00:00:00Z', slug: 'kept', tags: ['kept-tag'] }, 'Good body.\n');
  const BROKEN = '---\ntitle: "Broken title\ndate: 2026-05-01T00:00:00Z\nslug: kept\ntags: ["kept-tag"]\n---\nBroken body.\n';
  const FIXED = post({ title: 'Fixed title', date: '2026-05-01T00:00:00Z', slug: 'kept', tags: ['kept-tag'] }, 'Fixed body.\n');

  async function expectKept(out: Store, title: string, label: string) {
    for (const dir of ['', 'tags/kept-tag/']) {
      for (const [format, items] of formats(await readFeedSet(out, dir))) {
        const item = items.find((candidate) => candidate.url === `${SITE}kept/`);
        expect(item?.title, `${label}: ${dir}${format}`).toBe(title);
        expect(item?.id, `${label}: ${dir}${format}`).toBe(`${SITE}kept/`);
      }
    }
  }

  it('stays in every feed with its last good version, is re-read and reported on every run, and the fix goes out with the same id', async () => {
    const source = createMemoryStore({ 'kept.md': GOOD, 'other.md': post({ title: 'Other', date: '2026-04-01T00:00:00Z', tags: ['kept-tag'] }) });
    const out = createMemoryStore();
    await build(source, out);
    await expectKept(out, 'Good title', 'published');

    await source.put('kept.md', BROKEN, 'text/markdown');
    for (const run of [1, 2, 3]) {
      const counted = countingStore(source);
      const summary = await build(counted, out);
      expect(counted.gets.get('kept.md') ?? 0, `run ${run} reads it`).toBe(1);
      const skip = summary.skipped.find((entry) => entry.key === 'kept.md');
      expect(skip?.error, `run ${run}: ${JSON.stringify(summary.skipped)}`).toMatch(/last good version stays published/);
      expect(skip?.error).toMatch(/YAML/);
      expect(summary.published, `run ${run}`).toBe(2);
      await expectKept(out, 'Good title', `broken, run ${run}`);
      for (const [key, body] of await allTexts(out)) {
        if (key !== MANIFEST) expect(body, key).not.toMatch(/Broken (title|body)/);
      }
    }

    // a forced rebuild cannot read it either: the last good rendering still stands
    const forced = await build(source, out, { force: true });
    expect(forced.published).toBe(2);
    await expectKept(out, 'Good title', 'forced');
    await build(source, out);
    await expectKept(out, 'Good title', 'after the forced run');

    await source.put('kept.md', FIXED, 'text/markdown');
    const fixed = await build(source, out);
    expect(fixed.skipped).toEqual([]);
    await expectKept(out, 'Fixed title', 'fixed');
  });
});

describe('a post kept at its last good version', () => {
  const GOOD = post({ title: 'Good title', date: '2026-05-01T00:00:00Z', slug: 'kept' }, 'Good [link](../x/).\n');
  const BROKEN = post({ title: 'Good title', date: 'soon', slug: 'kept' }, 'Good [link](../x/).\n');
  const OTHER = post({ title: 'Other', date: '2026-04-01T00:00:00Z' });

  it('is read again and clean once the good bytes are back', async () => {
    const source = createMemoryStore({ 'kept.md': GOOD, 'other.md': OTHER });
    const out = createMemoryStore();
    await build(source, out);
    await source.put('kept.md', BROKEN, 'text/markdown');
    expect((await build(source, out)).skipped.map((skip) => skip.key)).toEqual(['kept.md']);
    await source.put('kept.md', GOOD, 'text/markdown'); // the same ETag as before it broke
    expect((await build(source, out)).skipped).toEqual([]);
    expect((await build(source, out)).skipped).toEqual([]);
  });

  it('comes back with its last good rendering after a run that left it out of every feed', async () => {
    const source = createMemoryStore({ 'kept.md': GOOD, 'other.md': OTHER });
    const out = createMemoryStore();
    const config = siteConfig({ limit: 1 });
    const run = () => runBuild({ config, now: NOW, stores: { source, out } });
    await run();
    await source.put('kept.md', BROKEN, 'text/markdown');
    await run();
    await source.put('newer.md', post({ title: 'Newer', date: '2026-05-20T00:00:00Z' }), 'text/markdown');
    await run();
    await source.delete('newer.md');
    const back = await run();
    expect(back.published).toBe(2);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Good title']));
  });

  it('is not kept across a settings change: its stored link and rendering belong to the old site', async () => {
    const source = createMemoryStore({ 'kept.md': GOOD, 'other.md': OTHER });
    const out = createMemoryStore();
    await build(source, out);
    await source.put('kept.md', BROKEN, 'text/markdown');
    const moved = siteConfig({ siteUrl: 'https://new.example.org/', permalink: '/posts/:slug/' });
    const summary = await runBuild({ config: moved, now: NOW, stores: { source, out } });
    expect(summary.skipped.map((skip) => skip.key)).toEqual(['kept.md']);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Other']));
    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.url), format).toEqual(['https://new.example.org/posts/other/']);
    }
  });
});

// ------------------------------------------------------------------- 8. a post that vanishes mid-run

describe('a post that disappears between the listing and its read', () => {
  it('is skipped for that run and published on the next without any source change', async () => {
    const source = createMemoryStore({
      'steady.md': post({ title: 'Steady', date: '2026-04-01T00:00:00Z' }),
      'flaky.md': post({ title: 'Flaky', date: '2026-05-01T00:00:00Z', tags: ['flaky-tag'] }),
    });
    let misses = 1;
    const vanishing = wrapStore(source, {
      get: async (key) => {
        if (key === 'flaky.md' && misses > 0) {
          misses--;
          return undefined;
        }
        return source.get(key);
      },
    });
    const out = createMemoryStore();

    const first = await build(vanishing, out);
    expect(misses).toBe(0);
    expect(first.skipped.map((entry) => entry.key)).toEqual(['flaky.md']);
    expect(first.published).toBe(1);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Steady']));

    const counted = countingStore(vanishing);
    const second = await build(counted, out);
    expect(counted.gets.get('flaky.md')).toBe(1);
    expect(second.skipped).toEqual([]);
    expect(second.published).toBe(2);
    expect(await titlesByFormat(out)).toEqual(allFormats(['Flaky', 'Steady']));
    expect(await titlesByFormat(out, 'tags/flaky-tag/')).toEqual(allFormats(['Flaky']));
  });
});

// ---------------------------------------------------------------------------------- 9. the counts

describe('the summary’s counts', () => {
  it('count a draft whether it was read in this run or reused from the manifest, and hold on a no-change run', async () => {
    const source = createMemoryStore({
      'one.md': post({ title: 'One', date: '2026-05-01T00:00:00Z' }),
      'two.md': post({ title: 'Two', date: '2026-04-01T00:00:00Z' }),
      'draft.md': post({ title: 'A draft', date: '2026-03-01T00:00:00Z', draft: true }),
      'later.md': post({ title: 'Later', date: '2026-12-01T00:00:00Z' }),
    });
    const out = createMemoryStore();
    const counts = (summary: BuildSummary) => ({ posts: summary.posts, published: summary.published, drafts: summary.drafts });
    const expected = { posts: 4, published: 2, drafts: 1 };

    const first = countingStore(source);
    expect(counts(await build(first, out))).toEqual(expected);
    expect(first.gets.get('draft.md')).toBe(1);
    // the draft and the scheduled post are sealed under a keyed hash of their key: neither the file name nor the flag shows
    const stored = await manifestOf(out);
    expect(Object.keys(stored.posts)).not.toContain('draft.md');
    expect(await manifestText(out)).not.toMatch(/draft\.md|later\.md|A draft|Later/);
    const sealed = Object.entries(stored.posts as Record<string, unknown>).filter(([, record]) => typeof record === 'string');
    expect(sealed.map(([key]) => key)).toEqual([expect.stringMatching(/^#[0-9a-f]{32}$/), expect.stringMatching(/^#[0-9a-f]{32}$/)]);

    // No change at all: the manifest's records, a flag for the draft.
    const idle = countingStore(source);
    const puts = out.requests.put;
    expect(counts(await build(idle, out))).toEqual(expected);
    expect(idle.gets.size).toBe(0);
    expect(out.requests.put).toBe(puts);

    // Another post changes: the draft's record is still reused.
    await source.put('two.md', post({ title: 'Two, edited', date: '2026-04-01T00:00:00Z' }), 'text/markdown');
    const edited = countingStore(source);
    expect(counts(await build(edited, out))).toEqual(expected);
    expect(edited.gets.get('draft.md') ?? 0).toBe(0);
  });
});
