/**
 * Incremental builds against a real S3-protocol server (s3rver, child process) with the posts and
 * the feeds in the SAME bucket: `s3://<bucket>/posts/` → `s3://<bucket>/public/`.
 *
 * The engine opens its stores from the s3:// locations (the default client, configured by the
 * standard AWS environment); its endpoint is the fault proxy, so every request it makes is also
 * counted on the wire, independently of the store's own counters. The bucket is read back with a
 * separate, direct client.
 *
 * Expectations come from a small model of the site (`Site` below): which posts each feed must
 * hold, which feeds must change, which objects the engine must read. Each test is one run (or
 * two) of a sequence that builds on the previous ones: full build, no change, add, edit, slug
 * change, delete, undraft, coming due, force, edit outside the feeds / new tag, dry run, broken
 * post, broken-then-fixed post; each asserts the exact request counts of its runs. The second
 * describe uses its own prefixes and injected stores for failures (fault proxy).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { BuildError, StoreError } from '../../src/errors.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import {
  FORMATS,
  answered,
  MANIFEST,
  SITE_TITLE,
  SITE_URL,
  deleteObjects,
  diffSnapshots,
  feedKeys,
  listKeys,
  postText,
  putObjects,
  readFeedSet,
  scopeFiles,
  snapshot,
  urlOf,
  wireCounts,
  type StoredObject,
  type TestPost,
  type WireCounts,
} from './s3-helpers.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

const BUCKET = 'feedbucket-incremental';
const POSTS = 'posts/';
const OUT = 'public/';
const LIMIT = 20;
const GENERATED = 1050;

const NOW0 = new Date('2025-06-01T00:00:00.000Z');
/** After `future.md` comes due. */
const NOW1 = new Date('2025-06-02T00:00:00.000Z');

let server: S3TestServer;
let proxy: FaultProxy;
let direct: S3Client;
let viaProxy: S3Client;
let restoreEnv: () => void = () => {};
let config: SiteConfig;

// ---------------------------------------------------------------- the site model

function iso(date: Date | string | number): string {
  return new Date(date).toISOString();
}

function archivePost(i: number): TestPost {
  const tags = [...(i % 3 === 0 ? ['three'] : []), ...(i % 5 === 0 ? ['five'] : [])];
  return {
    key: `archive/post-${String(i).padStart(4, '0')}.md`,
    title: `Post ${i}`,
    date: iso(Date.UTC(2020, 0, 1, 6) + i * 86_400_000),
    tags,
    categories: [i % 2 === 0 ? 'even' : 'odd'],
  };
}

const SOLO: TestPost = { key: 'solo.md', title: 'The only solo post', date: iso('2023-01-01T09:00:00Z'), tags: ['solo'] };
const DRAFT: TestPost = { key: 'draft.md', title: 'Not ready yet', date: iso('2023-02-01T09:00:00Z'), tags: ['three'], draft: true };
/** Due between NOW0 and NOW1: by its date, and by its publishDate (its date is past). */
const FUTURE: TestPost = { key: 'future.md', title: 'Scheduled for later', date: iso('2025-06-01T12:00:00Z'), tags: ['five'] };
const EMBARGOED: TestPost = {
  key: 'embargoed.md',
  title: 'Written in May, out in June',
  date: iso('2025-05-01T08:00:00Z'),
  publishDate: iso('2025-06-01T18:00:00Z'),
  categories: ['even'],
};

function isPublished(post: TestPost, now: Date): boolean {
  const at = iso(now);
  return !post.draft && post.date <= at && (post.publishDate === undefined || post.publishDate <= at);
}

interface Expectation {
  /** scope path → posts, newest first, at most LIMIT. */
  scopes: Map<string, TestPost[]>;
  published: number;
  drafts: number;
  get: number;
  /** Feed files whose bytes must change (written, or in a dry run reported as changed). */
  changedFiles: string[];
  /** Term feed files whose term has no post left. */
  deletedFiles: string[];
  manifestChanges: boolean;
  /** Keys in some feed after the run (their HTML is then kept in the manifest). */
  inFeeds: Set<string>;
}

/**
 * What the bucket holds and what the engine has seen at its last real (non-dry) run. From the
 * difference it derives, without looking at the engine, what the next run must read and write.
 */
class Site {
  /** Source objects now: key (relative to posts/) → text. */
  readonly objects = new Map<string, string>();
  /** The parseable ones. */
  readonly posts = new Map<string, TestPost>();
  /** As of the last committed run. */
  private committedObjects = new Map<string, string>();
  private committedSignatures = new Map<string, string>();
  private committedInFeeds = new Set<string>();
  /** key → the id the post was first published with. */
  readonly firstIds = new Map<string, string>();

  add(post: TestPost): [string, string] {
    const text = postText(post);
    this.objects.set(post.key, text);
    this.posts.set(post.key, post);
    return [POSTS + post.key, text];
  }

  addRaw(key: string, text: string): [string, string] {
    this.objects.set(key, text);
    this.posts.delete(key);
    return [POSTS + key, text];
  }

  remove(key: string): string {
    this.objects.delete(key);
    this.posts.delete(key);
    return POSTS + key;
  }

  idOf(post: TestPost): string {
    return this.firstIds.get(post.key) ?? urlOf(post);
  }

  scopes(now: Date): Map<string, TestPost[]> {
    const published = [...this.posts.values()]
      .filter((post) => isPublished(post, now))
      .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : urlOf(a) < urlOf(b) ? -1 : 1));
    const scopes = new Map<string, TestPost[]>([['', published]]);
    for (const kind of ['categories', 'tags'] as const) {
      for (const post of published) {
        for (const term of post[kind] ?? []) {
          const path = `${kind}/${term}/`;
          if (!scopes.has(path)) scopes.set(path, []);
          scopes.get(path)!.push(post);
        }
      }
    }
    for (const [path, posts] of scopes) scopes.set(path, posts.slice(0, LIMIT));
    return scopes;
  }

  expect(now: Date, options: { force?: boolean } = {}): Expectation {
    const scopes = this.scopes(now);
    const signatures = new Map(
      [...scopes].map(([path, posts]) => [
        path,
        JSON.stringify(posts.map((p) => [this.idOf(p), urlOf(p), this.objects.get(p.key)])),
      ]),
    );
    const touched = [...this.objects.keys()].filter((key) => this.committedObjects.get(key) !== this.objects.get(key));
    const removed = [...this.committedObjects.keys()].filter((key) => !this.objects.has(key));
    const inFeeds = new Set([...scopes.values()].flatMap((posts) => posts.map((post) => post.key)));
    const toRender = [...inFeeds].filter((key) => !this.committedInFeeds.has(key) && !touched.includes(key));
    const changedScopes = [...signatures].filter(([path, sig]) => this.committedSignatures.get(path) !== sig).map(([path]) => path);
    const goneScopes = [...this.committedSignatures.keys()].filter((path) => !signatures.has(path));
    const sameInFeeds = inFeeds.size === this.committedInFeeds.size && [...inFeeds].every((key) => this.committedInFeeds.has(key));
    const published = [...this.posts.values()].filter((post) => isPublished(post, now)).length;
    return {
      scopes,
      published,
      drafts: [...this.posts.values()].filter((post) => post.draft).length,
      get: 1 + (options.force ? this.objects.size : touched.length + toRender.length),
      changedFiles: scopeFiles(changedScopes),
      deletedFiles: scopeFiles(goneScopes),
      manifestChanges: touched.length + removed.length + changedScopes.length + goneScopes.length > 0 || !sameInFeeds,
      inFeeds,
    };
  }

  /** After a real run: what the engine now knows. */
  commit(expectation: Expectation): void {
    for (const posts of expectation.scopes.values()) for (const post of posts) if (!this.firstIds.has(post.key)) this.firstIds.set(post.key, urlOf(post));
    this.committedObjects = new Map(this.objects);
    this.committedSignatures = new Map(
      [...expectation.scopes].map(([path, posts]) => [
        path,
        JSON.stringify(posts.map((p) => [this.idOf(p), urlOf(p), this.objects.get(p.key)])),
      ]),
    );
    this.committedInFeeds = expectation.inFeeds;
  }
}

const site = new Site();

// ---------------------------------------------------------------- one run, observed

interface Observed {
  summary: BuildSummary;
  wire: WireCounts;
  before: Map<string, StoredObject>;
  after: Map<string, StoredObject>;
}

async function observe(run: () => Promise<BuildSummary>, outPrefix = OUT): Promise<Observed> {
  const before = await snapshot(direct, BUCKET, outPrefix);
  proxy.reset();
  const summary = await run();
  const wire = wireCounts(proxy.requests);
  const after = await snapshot(direct, BUCKET, outPrefix);
  return { summary, wire, before, after };
}

function build(now: Date, options: { force?: boolean; dryRun?: boolean } = {}): Promise<Observed> {
  return observe(() => runBuild({ config, now, ...options }));
}

/**
 * Listed under the posts prefix but not posts: folder markers (the S3 console's "Create folder"),
 * an image, hidden files, a Hugo section page, a Jekyll draft. Never read, never counted as posts.
 */
const NOT_POSTS: [string, string][] = [
  ['posts/', ''],
  ['posts/archive/', ''],
  ['posts/images/cover.png', 'not really a png'],
  ['posts/.DS_Store', 'finder'],
  ['posts/_index.md', '---\ntitle: Section\ndate: 2030-01-01\n---\n'],
  ['posts/_drafts/wip.md', '---\ntitle: WIP\ndate: 2024-01-01\n---\n'],
];

/** LIST pages of the posts prefix: ⌈objects / 1000⌉. */
function listPages(): number {
  return Math.ceil((site.objects.size + NOT_POSTS.length) / 1000);
}

/**
 * Everything a run must satisfy: the exact requests (summary and wire agree), the objects that
 * changed in the bucket, each feed's `changed` flag, and every feed's items in all three formats.
 */
function checkRun(observed: Observed, expected: Expectation, options: { dryRun?: boolean; force?: boolean } = {}): void {
  const { summary, wire, before, after } = observed;
  const dry = options.dryRun === true;
  const puts = dry ? 0 : expected.changedFiles.length + (expected.manifestChanges ? 1 : 0);
  const deletes = dry ? 0 : expected.deletedFiles.length;
  // Every run also lists the outputs (one page here): what is stored decides what is written.
  const requests = { list: listPages() + 1, get: expected.get, put: puts, delete: deletes };

  expect(summary.requests).toEqual(requests);
  expect(wire).toEqual({ ...requests, other: 0 });

  // the bucket: exactly the expected files were written or removed
  const diff = diffSnapshots(before, after);
  const written = [...diff.changed, ...diff.added].sort();
  if (dry) {
    expect(written).toEqual([]);
    expect(diff.removed).toEqual([]);
  } else {
    const manifestWritten = written.includes(MANIFEST);
    expect(written.filter((key) => key !== MANIFEST)).toEqual(expected.changedFiles);
    expect(manifestWritten).toBe(expected.manifestChanges);
    expect(diff.removed).toEqual(expected.deletedFiles);
  }

  // the summary
  const wantFiles = scopeFiles(expected.scopes.keys());
  expect(summary.feeds.map((feed) => feed.key).sort()).toEqual(wantFiles);
  expect(summary.feeds.filter((feed) => feed.changed).map((feed) => feed.key).sort()).toEqual(expected.changedFiles);
  for (const feed of summary.feeds) {
    const scope = feed.key.slice(0, feed.key.lastIndexOf('/') + 1);
    expect(feed.items, feed.key).toBe(expected.scopes.get(scope)!.length);
  }
  expect(summary.deleted.sort()).toEqual(expected.deletedFiles);
  expect(summary.posts).toBe(site.objects.size);
  expect(summary.published).toBe(expected.published);
  expect(summary.drafts).toBe(expected.drafts);
  expect(summary.errors).toEqual([]);
  expect(summary.dryRun).toBe(dry);

  // the feeds as published (for a dry run, still the previous ones)
  if (!dry) {
    expect(feedKeys(after)).toEqual(wantFiles);
    for (const [scope, posts] of expected.scopes) checkFeedItems(after, scope, posts);
  }
}

/** All three formats hold exactly `posts`, newest first, with their first-published ids. */
function checkFeedItems(objects: Map<string, StoredObject>, scope: string, posts: TestPost[]): void {
  const feeds = readFeedSet(objects, scope);
  for (const [format, items] of Object.entries(feeds)) {
    const where = `${scope || '(main)'} ${format}`;
    expect(items.map((item) => item.title), where).toEqual(posts.map((post) => post.title));
    expect(items.map((item) => item.id), where).toEqual(posts.map((post) => site.idOf(post)));
    expect(items.map((item) => item.url), where).toEqual(posts.map(urlOf));
    expect(items.map((item) => item.published), where).toEqual(posts.map((post) => post.date));
    expect(items.map((item) => item.categories), where).toEqual(posts.map((post) => [...(post.categories ?? []), ...(post.tags ?? [])]));
  }
}

// ---------------------------------------------------------------- setup

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  proxy = await startFaultProxy(server.endpoint);
  direct = server.client();
  viaProxy = server.client({ endpoint: proxy.endpoint });
  const restoreServerEnv = server.applyEnv();
  const previousEndpoint = process.env.AWS_ENDPOINT_URL_S3;
  // the engine's default client talks to the proxy, so its requests are counted on the wire too
  process.env.AWS_ENDPOINT_URL_S3 = proxy.endpoint;
  restoreEnv = () => {
    process.env.AWS_ENDPOINT_URL_S3 = previousEndpoint;
    restoreServerEnv();
  };
  config = resolveConfig({
    // posts/_index.md (ignored) would make these posts Hugo's; the expected links are the plain /:slug/.
    // Request counts of the feeds alone; the browser view's stylesheet has its own suite.
    env: { SITE_URL, SITE_TITLE, PERMALINK: '/:slug/', FEED_SOURCE: `s3://${BUCKET}/${POSTS}`, FEED_OUT: `s3://${BUCKET}/${OUT}`, FEED_BROWSER_VIEW: 'off', FEED_ARCHIVES: 'off' },
  });

  const uploads = [];
  for (let i = 0; i < GENERATED; i++) uploads.push(site.add(archivePost(i)));
  uploads.push(site.add(SOLO), site.add(DRAFT), site.add(FUTURE), site.add(EMBARGOED));
  await putObjects(direct, BUCKET, [...uploads, ...NOT_POSTS]);
}, 60_000);

afterAll(async () => {
  restoreEnv();
  direct?.destroy();
  viaProxy?.destroy();
  await proxy?.stop();
  await server?.stop();
});

// ---------------------------------------------------------------- the sequence

describe('incremental builds on S3 (posts and feeds in one bucket, 1,054 posts)', () => {
  it('a first build reads every post (2 LIST pages) and publishes the newest 20 per feed', async () => {
    expect(config.source).toBe(`s3://${BUCKET}/posts/`);
    expect(config.out).toBe(`s3://${BUCKET}/public/`);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    // literal numbers of this data set, as a cross-check of the model
    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 1 + 1054, put: 18 + 1, delete: 0 });
    expect(observed.summary.posts).toBe(1054);
    expect(observed.summary.published).toBe(1051); // not the draft, the future post, the embargoed one
    expect(observed.summary.drafts).toBe(1);
    expect(observed.summary.skipped).toEqual([]);
    expect([...expected.scopes.keys()].sort()).toEqual(['', 'categories/even/', 'categories/odd/', 'tags/five/', 'tags/solo/', 'tags/three/']);

    const main = readFeedSet(observed.after, '');
    expect(main.rss).toHaveLength(LIMIT);
    expect(main.json.map((item) => item.title).slice(0, 3)).toEqual(['The only solo post', 'Post 1049', 'Post 1048']);
    const everywhere = [...expected.scopes.keys()].flatMap((scope) => Object.values(readFeedSet(observed.after, scope)).flat());
    expect(everywhere.filter((item) => [DRAFT.title, FUTURE.title, EMBARGOED.title].includes(item.title))).toEqual([]);
    for (const items of Object.values(main)) {
      const dates = items.map((item) => item.published);
      expect(dates).toEqual([...dates].sort().reverse());
    }

    // how the objects were stored
    const types = { 'rss.xml': 'application/rss+xml; charset=utf-8', 'atom.xml': 'application/atom+xml; charset=utf-8', 'feed.json': 'application/feed+json; charset=utf-8' };
    for (const key of feedKeys(observed.after)) {
      const object = observed.after.get(key)!;
      expect(object.contentType, key).toBe(types[key.split('/').pop() as keyof typeof types]);
      expect(object.cacheControl, key).toBe('public, max-age=600');
    }
    expect(observed.after.get(MANIFEST)?.contentType).toMatch(/^application\/json/);
    expect(observed.after.get(MANIFEST)?.cacheControl).toBe('no-cache');
    // nothing was written under the posts prefix
    expect(proxy.requests.filter((r) => r.method === 'PUT' && !r.path.startsWith(`/${BUCKET}/${OUT}`))).toEqual([]);
  }, 60_000);

  it('a run with no change: 2 LIST pages + 1 GET (manifest) + 0 PUT, every feed unchanged', async () => {
    // identical bytes uploaded again keep their ETag: still no change
    const again = ['archive/post-0007.md', 'archive/post-1049.md', SOLO.key].map((key) => [POSTS + key, site.objects.get(key)!] as const);
    await putObjects(direct, BUCKET, again);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 1, put: 0, delete: 0 });
    expect(observed.summary.feeds).toHaveLength(18);
    expect(observed.summary.feeds.every((feed) => feed.changed === false)).toBe(true);
    // not rewritten at all: same ETags
    for (const [key, object] of observed.after) expect(object.etag, key).toBe(observed.before.get(key)?.etag);
    const gets = answered(proxy.requests).filter((r) => r.method === 'GET' && !r.query.includes('list-type=2'));
    expect(gets.map((r) => r.path)).toEqual([`/${BUCKET}/${OUT}${MANIFEST}`]);
  });

  it('an added post (key with a space) becomes the newest: GET manifest + that post, PUT its feeds + manifest', async () => {
    const post: TestPost = { key: 'new post.md', title: 'A brand new post', date: iso('2024-01-01T08:00:00Z'), tags: ['three'], categories: ['even'], slug: 'new-post' };
    await putObjects(direct, BUCKET, [site.add(post)]);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 9 + 1, delete: 0 });
    expect(expected.changedFiles).toEqual(scopeFiles(['', 'categories/even/', 'tags/three/']));
    const gets = answered(proxy.requests).filter((r) => r.method === 'GET' && !r.query.includes('list-type=2')).map((r) => r.path);
    expect(gets.sort()).toEqual([`/${BUCKET}/${OUT}${MANIFEST}`, `/${BUCKET}/${POSTS}new post.md`].sort());
    for (const items of Object.values(readFeedSet(observed.after, ''))) expect(items[0]?.title).toBe('A brand new post');
  });

  it('an edited title keeps the same id in all three formats', async () => {
    const key = 'archive/post-1044.md';
    const idsBefore = Object.values(readFeedSet(await snapshot(direct, BUCKET, OUT), '')).map(
      (items) => items.find((item) => item.title === 'Post 1044')?.id,
    );
    expect(idsBefore).toEqual([`${SITE_URL}post-1044/`, `${SITE_URL}post-1044/`, `${SITE_URL}post-1044/`]);

    await putObjects(direct, BUCKET, [site.add({ ...site.posts.get(key)!, title: 'Post 1044, revised' })]);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 9 + 1, delete: 0 });
    for (const scope of ['', 'tags/three/', 'categories/even/']) {
      for (const items of Object.values(readFeedSet(observed.after, scope))) {
        const item = items.find((i) => i.id === idsBefore[0]);
        expect(item?.title, scope).toBe('Post 1044, revised');
        expect(items.some((i) => i.title === 'Post 1044')).toBe(false);
      }
    }
  });

  it('a changed slug moves the link but the id stays the one first published', async () => {
    const key = 'archive/post-1044.md';
    await putObjects(direct, BUCKET, [site.add({ ...site.posts.get(key)!, slug: 'renamed-1044' })]);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 9 + 1, delete: 0 });
    for (const items of Object.values(readFeedSet(observed.after, ''))) {
      const item = items.find((i) => i.title === 'Post 1044, revised');
      expect(item?.url).toBe(`${SITE_URL}renamed-1044/`);
      expect(item?.id).toBe(`${SITE_URL}post-1044/`);
    }
  });

  it('a deleted post disappears from every feed, and its tag, now empty, loses its feed files (DELETE)', async () => {
    const soloFiles = scopeFiles(['tags/solo/']);
    expect(await listKeys(direct, BUCKET, `${OUT}tags/solo/`)).toEqual(soloFiles.map((f) => OUT + f));

    await deleteObjects(direct, BUCKET, [site.remove(SOLO.key)]);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    // main feeds changed (post 1031 moves up into them; its HTML is in the manifest: no GET)
    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 1, put: 3 + 1, delete: 3 });
    expect(observed.summary.deleted.sort()).toEqual(soloFiles);
    expect(await listKeys(direct, BUCKET, `${OUT}tags/solo/`)).toEqual([]);
    const deletes = answered(proxy.requests).filter((r) => r.method === 'DELETE').map((r) => r.path).sort();
    expect(deletes).toEqual(soloFiles.map((f) => `/${BUCKET}/${OUT}${f}`));
    for (const key of feedKeys(observed.after)) expect(observed.after.get(key)!.body).not.toContain('The only solo post');
  });

  it('an undrafted post is published on the next run', async () => {
    await putObjects(direct, BUCKET, [site.add({ ...DRAFT, draft: false })]);
    const expected = site.expect(NOW0);
    const observed = await build(NOW0);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 6 + 1, delete: 0 });
    expect(observed.summary.drafts).toBe(0);
    for (const items of Object.values(readFeedSet(observed.after, 'tags/three/'))) expect(items[1]?.title).toBe(DRAFT.title);
  });

  it('posts coming due (by date, and by publishDate) appear on the next run without any upload (GET manifest + their bodies)', async () => {
    // the same bucket as the previous run; only the clock moved past their dates
    const stillFuture = site.expect(NOW0);
    expect(stillFuture.inFeeds.has(FUTURE.key)).toBe(false);
    expect(stillFuture.inFeeds.has(EMBARGOED.key)).toBe(false);

    const expected = site.expect(NOW1);
    const observed = await build(NOW1);
    checkRun(observed, expected);
    site.commit(expected);

    // main, tags/five (future.md), categories/even (embargoed.md): 9 files + the manifest
    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 1 + 2, put: 9 + 1, delete: 0 });
    const gets = answered(proxy.requests).filter((r) => r.method === 'GET' && !r.query.includes('list-type=2')).map((r) => r.path);
    expect(gets.sort()).toEqual([`/${BUCKET}/${OUT}${MANIFEST}`, `/${BUCKET}/${POSTS}embargoed.md`, `/${BUCKET}/${POSTS}future.md`].sort());
    expect(answered(proxy.requests).filter((r) => r.method === 'PUT' && r.path.startsWith(`/${BUCKET}/${POSTS}`))).toEqual([]);
    for (const items of Object.values(readFeedSet(observed.after, ''))) {
      expect(items.slice(0, 2).map((item) => item.title)).toEqual([FUTURE.title, EMBARGOED.title]);
    }
    for (const items of Object.values(readFeedSet(observed.after, 'tags/five/'))) expect(items[0]?.title).toBe(FUTURE.title);
    for (const items of Object.values(readFeedSet(observed.after, 'categories/even/'))) expect(items[0]?.title).toBe(EMBARGOED.title);
  });

  it('a forced rebuild reads every post but writes nothing whose bytes did not change', async () => {
    const expected = site.expect(NOW1, { force: true });
    expect(expected.changedFiles).toEqual([]);
    const observed = await build(NOW1, { force: true });
    checkRun(observed, expected, { force: true });
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 1 + 1054, put: 0, delete: 0 });
    for (const [key, object] of observed.after) expect(object.etag, key).toBe(observed.before.get(key)?.etag);
  }, 60_000);

  it('an edit of an old post outside every feed writes only the manifest; a new tag on it creates that tag\'s feeds', async () => {
    const key = 'archive/post-0007.md';
    const old = site.posts.get(key)!;
    await putObjects(direct, BUCKET, [site.add({ ...old, title: 'Post 7, typo fixed' })]);
    const edit = site.expect(NOW1);
    const editRun = await build(NOW1);
    checkRun(editRun, edit);
    site.commit(edit);
    expect(editRun.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 1, delete: 0 });

    await putObjects(direct, BUCKET, [site.add({ ...site.posts.get(key)!, tags: [...(old.tags ?? []), 'history'] })]);
    const tagged = site.expect(NOW1);
    const taggedRun = await build(NOW1);
    checkRun(taggedRun, tagged);
    site.commit(tagged);
    expect(taggedRun.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 3 + 1, delete: 0 });
    expect(tagged.changedFiles).toEqual(scopeFiles(['tags/history/']));
    for (const items of Object.values(readFeedSet(taggedRun.after, 'tags/history/'))) {
      expect(items.map((item) => item.title)).toEqual(['Post 7, typo fixed']);
    }
  });

  it('a dry run reports what would change and writes nothing (a later run still sees the manifest as before)', async () => {
    const upload = site.add({ key: 'dry.md', title: 'Only in a dry run', date: iso('2025-05-01T00:00:00Z'), tags: ['five'] });
    await putObjects(direct, BUCKET, [upload]);
    const expected = site.expect(NOW1);
    const observed = await build(NOW1, { dryRun: true });
    checkRun(observed, expected, { dryRun: true });

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 2, put: 0, delete: 0 });
    expect(observed.summary.feeds.filter((f) => f.changed).map((f) => f.key).sort()).toEqual(scopeFiles(['', 'tags/five/']));
    for (const [key, object] of observed.after) expect(object.etag, key).toBe(observed.before.get(key)?.etag);
    expect(observed.after.size).toBe(observed.before.size);

    // remove it again: the engine never recorded it, so the next run is a no-change run
    await deleteObjects(direct, BUCKET, [site.remove('dry.md')]);
    const next = site.expect(NOW1);
    const nextRun = await build(NOW1);
    checkRun(nextRun, next);
    site.commit(next);
    expect(nextRun.summary.requests).toEqual({ list: 2 + 1, get: 1, put: 0, delete: 0 });
  });

  it('a post with bad front matter is skipped (its key in summary.skipped); the others are still published', async () => {
    const broken = site.addRaw('broken.md', '---\ntitle: [unclosed\ndate: 2025-05-30\n---\nBody\n');
    const good = site.add({ key: 'good.md', title: 'Published next to a broken post', date: iso('2025-05-31T00:00:00Z'), tags: ['five'] });
    await putObjects(direct, BUCKET, [broken, good]);
    const expected = site.expect(NOW1);
    const observed = await build(NOW1);
    checkRun(observed, expected);
    site.commit(expected);

    expect(observed.summary.requests).toEqual({ list: 2 + 1, get: 3, put: 6 + 1, delete: 0 });
    expect(observed.summary.skipped).toHaveLength(1);
    expect(observed.summary.skipped[0]?.key).toBe('broken.md');
    expect(observed.summary.skipped[0]?.error).toMatch(/broken\.md.*YAML/);
    for (const items of Object.values(readFeedSet(observed.after, ''))) expect(items[1]?.title).toBe('Published next to a broken post');

    // the broken post is remembered by its ETag: not read again until it changes
    const next = site.expect(NOW1);
    const nextRun = await build(NOW1);
    checkRun(nextRun, next);
    site.commit(next);
    expect(nextRun.summary.requests).toEqual({ list: 2 + 1, get: 1, put: 0, delete: 0 });
    expect(nextRun.summary.skipped.map((s) => s.key)).toEqual(['broken.md']);
  });

  it('a published post whose front matter breaks stays in the feeds as last published, with the error reported each run; fixed (even with a new slug), it keeps its first id', async () => {
    const key = 'new post.md';
    const original = site.posts.get(key)!;
    const firstId = `${SITE_URL}new-post/`;
    expect(site.idOf(original)).toBe(firstId);

    await putObjects(direct, BUCKET, [site.addRaw(key, postText(original).replace('title: ', 'title: [unclosed '))]);
    for (const attempt of [1, 2]) {
      const brokenRun = await build(NOW1);
      const reported = brokenRun.summary.skipped.find((s) => s.key === key);
      expect(reported?.error, `run ${attempt}`).toMatch(/YAML.*last good version stays published/s);
      // read again every run until it is fixed; no feed changes, only the manifest (once) learns of the error
      expect(brokenRun.summary.requests, `run ${attempt}`).toEqual({ list: 2 + 1, get: 2, put: attempt === 1 ? 1 : 0, delete: 0 });
      for (const items of Object.values(readFeedSet(brokenRun.after, ''))) {
        expect(items.find((item) => item.id === firstId)?.title).toBe(original.title);
      }
    }

    await putObjects(direct, BUCKET, [site.add({ ...original, title: 'A brand new post, back', slug: 'new-post-back' })]);
    const fixed = site.expect(NOW1);
    const fixedRun = await build(NOW1);
    checkRun(fixedRun, fixed);
    site.commit(fixed);
    expect(fixedRun.summary.requests).toMatchObject({ list: 2 + 1, get: 2, delete: 0 });
    for (const items of Object.values(readFeedSet(fixedRun.after, ''))) {
      const item = items.find((i) => i.title === 'A brand new post, back');
      expect(item?.url).toBe(`${SITE_URL}new-post-back/`);
      expect(item?.id).toBe(firstId);
    }
  });
});

// ---------------------------------------------------------------- failures never degrade a published feed

describe('a failed run never replaces a good feed with a worse one', () => {
  const FAULT_POSTS = 'fault/posts/';
  const FAULT_OUT = 'fault/public/';
  let faultConfig: SiteConfig;

  /** Stores injected through the proxy, fresh per run (so their counters are per run). */
  function faultBuild(now = NOW0): Promise<Observed> {
    return observe(
      () =>
        runBuild({
          config: faultConfig,
          now,
          stores: {
            source: createS3Store({ bucket: BUCKET, prefix: FAULT_POSTS, client: viaProxy }),
            out: createS3Store({ bucket: BUCKET, prefix: FAULT_OUT, client: viaProxy }),
          },
        }),
      FAULT_OUT,
    );
  }

  const posts: TestPost[] = [1, 2, 3, 4, 5].map((n) => ({
    key: `p${n}.md`,
    title: `Fault post ${n}`,
    date: iso(`2024-03-0${n}T10:00:00Z`),
    tags: n % 2 === 1 ? ['odd'] : [],
  }));

  beforeAll(async () => {
    faultConfig = resolveConfig({
      env: { SITE_URL, SITE_TITLE, FEED_SOURCE: `s3://${BUCKET}/${FAULT_POSTS}`, FEED_OUT: `s3://${BUCKET}/${FAULT_OUT}`, FEED_BROWSER_VIEW: 'off', FEED_ARCHIVES: 'off' },
    });
    await putObjects(direct, BUCKET, posts.map((post) => [FAULT_POSTS + post.key, postText(post)] as const));
  });

  it('a persistent PUT failure on one feed: the run fails naming it, that feed stays as it was, the manifest records exactly what was written; the next run repairs', async () => {
    const first = await faultBuild();
    expect(first.summary.requests).toEqual({ list: 1 + 1, get: 1 + 5, put: 6 + 1, delete: 0 });
    const good = first.after;
    expect(readFeedSet(good, '').rss.map((i) => i.title)).toEqual(posts.map((p) => p.title).reverse());

    // edit the newest post, and make every PUT of the main RSS feed fail
    const edited = { ...posts[4]!, title: 'Fault post 5, edited' };
    await putObjects(direct, BUCKET, [[FAULT_POSTS + edited.key, postText(edited)]]);
    const rssPath = `/${BUCKET}/${FAULT_OUT}rss.xml`;
    const before = await snapshot(direct, BUCKET, FAULT_OUT);
    proxy.reset();
    proxy.inject({ method: 'PUT', path: rssPath, times: Infinity, fault: { status: 503 } });
    const error = await runBuild({
      config: faultConfig,
      now: NOW0,
      stores: {
        source: createS3Store({ bucket: BUCKET, prefix: FAULT_POSTS, client: viaProxy }),
        out: createS3Store({ bucket: BUCKET, prefix: FAULT_OUT, client: viaProxy }),
      },
    }).catch((e: unknown) => e);
    const failedRequests = [...proxy.requests];
    const after = await snapshot(direct, BUCKET, FAULT_OUT);

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`s3://${BUCKET}/${FAULT_OUT}rss.xml`);
    expect((error as StoreError).message).toContain('HTTP 503');
    expect(failedRequests.filter((r) => r.method === 'PUT' && r.path === rssPath).length).toBeGreaterThanOrEqual(1);
    // the failed feed: untouched; the manifest: written last, still naming the old rss.xml and
    // not claiming the feeds are complete, so the next run writes rss.xml again
    expect(after.get('rss.xml')?.body).toBe(before.get('rss.xml')?.body);
    const oldManifest = parseStoredManifest(before.get(MANIFEST)!.body) as unknown as { outputs: Record<string, string> };
    const newManifest = parseStoredManifest(after.get(MANIFEST)!.body) as unknown as { outputs: Record<string, string>; unchanged?: string };
    expect(newManifest.outputs['rss.xml']).toBe(oldManifest.outputs['rss.xml']);
    expect(newManifest.unchanged).toBeUndefined();
    expect(failedRequests.filter((r) => r.method === 'PUT').at(-1)?.path.endsWith(MANIFEST)).toBe(true);
    expect(failedRequests.some((r) => r.method === 'DELETE')).toBe(false);
    // no feed lost an object or an item; each is either the old one or the complete new one
    expect(feedKeys(after)).toEqual(feedKeys(before));
    for (const scope of ['', 'tags/odd/']) {
      const old = readFeedSet(before, scope);
      const now = readFeedSet(after, scope);
      for (const format of ['rss', 'atom', 'json'] as const) {
        expect(now[format]).toHaveLength(old[format].length);
        const titles = now[format].map((i) => i.title);
        const unchanged = JSON.stringify(titles) === JSON.stringify(old[format].map((i) => i.title));
        if (!unchanged) expect(titles[0]).toBe('Fault post 5, edited');
      }
    }

    // the fault clears: the edited post is not read again (its rendering is in the manifest);
    // only rss.xml, which the manifest knows is stale, is written, then the manifest
    const repaired = await faultBuild();
    expect(repaired.summary.requests).toEqual({ list: 1 + 1, get: 1, put: 1 + 1, delete: 0 });
    for (const format of ['rss', 'atom', 'json'] as const) {
      expect(readFeedSet(repaired.after, '')[format][0]?.title).toBe('Fault post 5, edited');
      expect(readFeedSet(repaired.after, 'tags/odd/')[format][0]?.title).toBe('Fault post 5, edited');
    }
    const settled = await faultBuild();
    expect(settled.summary.requests).toEqual({ list: 1 + 1, get: 1, put: 0, delete: 0 });
  });

  function faultStores() {
    return {
      source: createS3Store({ bucket: BUCKET, prefix: FAULT_POSTS, client: viaProxy }),
      out: createS3Store({ bucket: BUCKET, prefix: FAULT_OUT, client: viaProxy }),
    };
  }

  it('the manifest cannot be read (persistent 503): the run fails and writes nothing, instead of rebuilding from an empty index', async () => {
    const before = await snapshot(direct, BUCKET, FAULT_OUT);
    proxy.reset();
    proxy.inject({ method: 'GET', path: `/${BUCKET}/${FAULT_OUT}${MANIFEST}`, times: Infinity, fault: { status: 503 } });
    const error = await runBuild({ config: faultConfig, now: NOW0, stores: faultStores() }).catch((e: unknown) => e);
    const wire = wireCounts(proxy.requests);
    proxy.reset();

    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(MANIFEST);
    expect(wire.put + wire.delete).toBe(0);
    expect(diffSnapshots(before, await snapshot(direct, BUCKET, FAULT_OUT))).toEqual({ changed: [], added: [], removed: [] });
  });

  it('a changed post cannot be read (persistent 503): it is skipped with the reason, its last good version stays published', async () => {
    const edited: TestPost = { ...posts[2]!, title: 'Fault post 3, edited' };
    await putObjects(direct, BUCKET, [[FAULT_POSTS + edited.key, postText(edited)]]);
    const before = await snapshot(direct, BUCKET, FAULT_OUT);
    proxy.reset();
    proxy.inject({ method: 'GET', path: `/${BUCKET}/${FAULT_POSTS}${edited.key}`, times: Infinity, fault: { status: 503 } });
    const { skipped } = await runBuild({ config: faultConfig, now: NOW0, stores: faultStores() });
    const wire = wireCounts(proxy.requests);
    proxy.reset();

    expect(skipped).toEqual([
      {
        key: edited.key,
        error: expect.stringMatching(
          /^p3\.md: it could not be read \(ServiceUnavailable: .*\(HTTP 503\)\) after 3 attempts; the next run tries again \(the last good version stays published\)$/,
        ),
      },
    ]);
    expect(wire.delete).toBe(0);
    const after = await snapshot(direct, BUCKET, FAULT_OUT);
    expect(diffSnapshots(before, after)).toEqual({ changed: [MANIFEST], added: [], removed: [] });
    expect(readFeedSet(after, '').json.map((i) => i.title)).toContain('Fault post 3');

    const repaired = await faultBuild();
    expect(repaired.summary.requests).toEqual({ list: 1 + 1, get: 2, put: 6 + 1, delete: 0 });
    expect(readFeedSet(repaired.after, '').json.map((i) => i.title)).toContain('Fault post 3, edited');
  });

  it('when no post is publishable any more (all deleted), the run fails and the published feeds stay', async () => {
    const before = await snapshot(direct, BUCKET, FAULT_OUT);
    expect(readFeedSet(before, '').json).toHaveLength(5);
    await deleteObjects(direct, BUCKET, posts.map((post) => FAULT_POSTS + post.key));

    proxy.reset();
    const error = await runBuild({ config: faultConfig, now: NOW0, stores: faultStores() }).catch((e: unknown) => e);
    const wire = wireCounts(proxy.requests);
    const after = await snapshot(direct, BUCKET, FAULT_OUT);

    expect(error).toBeInstanceOf(BuildError);
    expect((error as Error).message).toMatch(/no post can be published/);
    // It stops before listing the outputs: nothing to compare them with.
    expect(wire).toEqual({ list: 1, get: 1, put: 0, delete: 0, other: 0 });
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, object] of after) expect(object.body, key).toBe(before.get(key)?.body);
    expect(FORMATS.every((name) => after.has(name))).toBe(true);
  });
});
