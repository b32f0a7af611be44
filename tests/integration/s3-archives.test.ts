/**
 * RFC 5005 archives in a real S3-protocol bucket (s3rver, behind the fault proxy): they are
 * stored immutable while the subscription feeds stay short-lived, and a run whose archive writes
 * fail publishes no feed that would link to them and deletes nothing, so the stored feeds keep
 * linking to stored archives; the next run converges.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { StoreError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { ARCHIVE_SUFFIXES, CHAIN_FORMATS, SUBSCRIPTION_FILES, walkChain } from '../support/archive-chain.ts';
import { useFaultyS3 } from '../support/fault-proxy.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';
import { MANIFEST, SITE_TITLE, SITE_URL, postText, putObjects, snapshot, urlOf, type StoredObject, type TestPost } from './s3-helpers.ts';

const BUCKET = 'feedbucket-archives';
const s3 = useFaultyS3(BUCKET);

const LIMIT = 3;
const NOW = new Date('2025-01-01T00:00:00Z');
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Twelve posts, one a day: the even ones tagged `even`, one tagged `solo` (a feed that holds everything). */
const POSTS: TestPost[] = Array.from({ length: 12 }, (_, i) => ({
  key: `p${String(i + 1).padStart(2, '0')}.md`,
  title: `Archived post ${i + 1}`,
  date: new Date(Date.UTC(2024, 0, i + 1, 10)).toISOString(),
  tags: [...(i % 2 === 1 ? ['even'] : []), ...(i === 4 ? ['solo'] : [])],
}));
const NEWER: TestPost = { key: 'p13.md', title: 'A newer post', date: '2024-02-01T10:00:00.000Z', tags: ['even'] };

const SCOPES: { dir: string; has: (post: TestPost) => boolean }[] = [
  { dir: '', has: () => true },
  { dir: 'tags/even/', has: (post) => post.tags?.includes('even') ?? false },
  { dir: 'tags/solo/', has: (post) => post.tags?.includes('solo') ?? false },
];

/** Its own prefixes in the bucket, with the given posts uploaded. */
async function site(posts: readonly TestPost[]) {
  const prefix = `site-${randomBytes(4).toString('hex')}/`;
  const source = `${prefix}posts/`;
  const out = `${prefix}public/`;
  await putObjects(s3.direct, BUCKET, posts.map((post) => [source + post.key, postText(post)] as const));
  const config = resolveConfig({
    env: { SITE_URL, SITE_TITLE, PERMALINK: '/:slug/', FEED_LIMIT: String(LIMIT), FEED_SOURCE: `s3://${BUCKET}/${source}`, FEED_OUT: `s3://${BUCKET}/${out}`, FEED_BROWSER_VIEW: 'off', FEED_ARCHIVES: 'on' },
  });
  const build = (): Promise<BuildSummary> =>
    runBuild({
      config,
      now: NOW,
      stores: { source: createS3Store({ bucket: BUCKET, prefix: source, client: s3.viaProxy }), out: createS3Store({ bucket: BUCKET, prefix: out, client: s3.viaProxy }) },
    });
  const stored = () => snapshot(s3.direct, BUCKET, out);
  const add = (post: TestPost) => putObjects(s3.direct, BUCKET, [[source + post.key, postText(post)]]);
  return { out, build, stored, add };
}

const archiveKeys = (objects: ReadonlyMap<string, StoredObject>) => [...objects.keys()].filter((key) => key.startsWith('archives/')).sort();
const feedKeys = SCOPES.flatMap(({ dir }) => CHAIN_FORMATS.map((format) => `${dir}${SUBSCRIPTION_FILES[format]}`));

/** Each feed's chain in each format, as stored: its ids in order, and the archives it reaches. */
async function chains(objects: ReadonlyMap<string, StoredObject>) {
  const read = async (key: string) => objects.get(key)?.body;
  const found = new Map<string, { ids: string[]; archives: string[] }>();
  for (const { dir } of SCOPES) {
    for (const format of CHAIN_FORMATS) {
      const chain = await walkChain(read, SITE_URL, format, `${dir}${SUBSCRIPTION_FILES[format]}`);
      found.set(`${dir}${SUBSCRIPTION_FILES[format]}`, { ids: chain.flatMap((document) => document.view.ids), archives: chain.slice(1).map((document) => document.key) });
    }
  }
  return found;
}

/** Every feed's chain holds each of its posts once, newest first, and reaches every stored archive. */
async function expectComplete(objects: ReadonlyMap<string, StoredObject>, posts: readonly TestPost[]): Promise<void> {
  const found = await chains(objects);
  for (const { dir, has } of SCOPES) {
    const expected = posts.filter(has).sort((a, b) => (a.date < b.date ? 1 : -1)).map(urlOf);
    for (const format of CHAIN_FORMATS) expect(found.get(`${dir}${SUBSCRIPTION_FILES[format]}`)!.ids, `${dir}${format}`).toEqual(expected);
  }
  expect([...new Set([...found.values()].flatMap((chain) => chain.archives))].sort()).toEqual(archiveKeys(objects));
}

describe('archives in S3', () => {
  it('are stored immutable, the subscription feeds for ten minutes', async () => {
    const { build, stored } = await site(POSTS);
    expect((await build()).errors).toEqual([]);
    const objects = await stored();
    await expectComplete(objects, POSTS);
    const archives = archiveKeys(objects);
    // The main feed's and the `even` feed's older posts, one page each, in three formats.
    expect(archives).toHaveLength(6);
    for (const key of archives) expect(objects.get(key)!.cacheControl, key).toBe(IMMUTABLE);
    for (const key of feedKeys) expect(objects.get(key)!.cacheControl, key).toBe('public, max-age=600');
    // Each with the Content-Type of its subscription feed's format.
    for (const format of CHAIN_FORMATS) {
      for (const key of archives.filter((name) => name.endsWith(ARCHIVE_SUFFIXES[format]))) expect(objects.get(key)!.contentType, key).toBe(objects.get(SUBSCRIPTION_FILES[format])!.contentType);
    }
  });

  it('are recorded by the ETag their write returned, their MD5: the next run reads and writes none', async () => {
    const { build, stored } = await site(POSTS);
    expect((await build()).errors).toEqual([]);
    const objects = await stored();
    const manifest = parseStoredManifest(objects.get(MANIFEST)!.body) as unknown as { outputs: Record<string, string> };
    const archives = archiveKeys(objects);
    expect(archives).toHaveLength(6);
    for (const key of archives) expect(manifest.outputs[key], key).toBe(createHash('md5').update(objects.get(key)!.body).digest('hex'));

    s3.proxy.reset();
    expect((await build()).errors).toEqual([]);
    const requests = s3.proxy.requests.filter((request) => request.path.includes('/archives/'));
    s3.proxy.reset();
    expect(requests).toEqual([]);
  });

  it.each([
    ['every archive PUT fails', /\/archives\//, false],
    ['the JSON archives\' PUTs fail', /\/archives\/[0-9a-f]+\.json$/, false],
    // The archives are written, then every feed but this one: it keeps linking to the old archives.
    ['the main RSS feed\'s PUT fails', /\/public\/rss\.xml$/, true],
  ] as const)('when %s: nothing is deleted and every stored feed links to stored archives; the next run converges', async (_case, failing, feedsWritten) => {
    const { out, build, stored, add } = await site(POSTS);
    expect((await build()).errors).toEqual([]);
    const before = await stored();
    await add(NEWER);

    s3.proxy.reset();
    s3.proxy.inject({ method: 'PUT', path: failing, times: Infinity, fault: { status: 503 } });
    const error = await build().catch((caught: unknown) => caught);
    const requests = [...s3.proxy.requests];
    s3.proxy.reset();
    const after = await stored();

    expect(error).toBeInstanceOf(StoreError);
    expect(`/${BUCKET}/${out}${(error as StoreError).key}`).toMatch(failing);
    expect(requests.filter((request) => request.method === 'PUT' && failing.test(request.path)).length).toBeGreaterThan(0);
    expect(requests.filter((request) => request.method === 'DELETE')).toEqual([]);
    for (const key of archiveKeys(before)) expect(after.get(key)?.body, key).toBe(before.get(key)!.body);
    const written = requests.filter((request) => request.method === 'PUT' && request.outcome === 200).map((request) => request.path.slice(`/${BUCKET}/${out}`.length));
    const writtenFeeds = written.filter((key) => feedKeys.includes(key));
    if (!feedsWritten) expect(writtenFeeds).toEqual([]);
    else expect(writtenFeeds.length).toBeGreaterThan(0);
    for (const key of feedKeys.filter((name) => !writtenFeeds.includes(name))) expect(after.get(key)!.body, key).toBe(before.get(key)!.body);

    const repaired = await build();
    expect(repaired.errors).toEqual([]);
    const converged = await stored();
    await expectComplete(converged, [...POSTS, NEWER]);
    // Each feed a reader fetched meanwhile was the old one or the new one, and its chain was whole either way.
    const [stale, meanwhile, fresh] = [await chains(before), await chains(after), await chains(converged)];
    for (const [key, chain] of meanwhile) expect(chain, key).toEqual(writtenFeeds.includes(key) ? fresh.get(key) : stale.get(key));
    // The pages the new post changed replace the old ones, which are gone.
    expect(archiveKeys(converged).filter((key) => before.has(key))).toEqual([]);

    const settled = await build();
    expect([settled.requests.put, settled.requests.delete]).toEqual([0, 0]);
  });
});
