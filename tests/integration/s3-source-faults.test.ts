/**
 * Whole builds against the S3 test server, with the fault proxy between the engine and S3 on
 * the posts' GETs: a fault that clears on retry changes nothing (the feeds are byte for byte
 * those of a clean build); a post that still cannot be read after the retries is skipped with
 * its reason, never published cut short, keeps its last good version if it had one, and the
 * other posts are published; the next clean run converges to a fresh build.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { useFaultyS3, type Fault } from '../support/fault-proxy.ts';
import { SITE_TITLE, SITE_URL, feedKeys, postText, putObjects, readFeedSet, snapshot, type TestPost } from './s3-helpers.ts';

const BUCKET = 'feedbucket-source-faults';
const NOW = new Date('2025-06-01T00:00:00Z');
const TIMEOUTS = { connectMs: 500, requestMs: 1_000 };

const s3 = useFaultyS3(BUCKET, { timeouts: TIMEOUTS });

/** Posts whose bodies end in a marker, so that a cut-short body would show in the feeds. */
function testPost(n: number, title = `Post ${n}`): TestPost {
  return {
    key: `p${n}.md`,
    title,
    date: new Date(Date.UTC(2024, 0, n, 9)).toISOString(),
    tags: n % 2 === 0 ? ['even'] : [],
    body: `${'A long enough paragraph to be cut in half. '.repeat(20)}END OF POST ${n}`,
  };
}

/** A site of its own: posts and feeds under a fresh root in the bucket. */
function newSite() {
  const root = `site-${randomBytes(4).toString('hex')}/`;
  const config = (out: string) =>
    resolveConfig({
      env: { SITE_URL, SITE_TITLE, PERMALINK: '/:slug/', FEED_SOURCE: `s3://${BUCKET}/${root}posts/`, FEED_OUT: `s3://${BUCKET}/${root}${out}/` },
    });
  return {
    /** The wire path of a post's GET. */
    path: (post: TestPost) => `/${BUCKET}/${root}posts/${post.key}`,
    upload: (posts: TestPost[]) => putObjects(s3.direct, BUCKET, posts.map((post) => [`${root}posts/${post.key}`, postText(post)] as const)),
    /** A build through the proxy into `out` (default `public`). */
    build: (out = 'public'): Promise<BuildSummary> =>
      runBuild({
        config: config(out),
        now: NOW,
        stores: {
          source: createS3Store({ bucket: BUCKET, prefix: `${root}posts/`, client: s3.viaProxy }),
          out: createS3Store({ bucket: BUCKET, prefix: `${root}${out}/`, client: s3.viaProxy }),
        },
      }),
    /** The feed documents under `out`, read straight from the server. */
    feeds: async (out = 'public') => {
      const objects = await snapshot(s3.direct, BUCKET, `${root}${out}/`);
      return new Map(feedKeys(objects).map((key) => [key, objects.get(key)!.body]));
    },
    mainTitles: async (out = 'public') => readFeedSet(await snapshot(s3.direct, BUCKET, `${root}${out}/`), '').json.map((item) => item.title),
  };
}

/** Every item of every feed ends its body with its marker: nothing was published cut short. */
function expectWholeBodies(feeds: Map<string, string>): void {
  for (const [key, text] of feeds) {
    const markers = text.match(/END OF POST \d+/g) ?? [];
    const items = key.endsWith('.json') ? (JSON.parse(text) as { items: unknown[] }).items.length : (text.match(/<(item|entry)>/g) ?? []).length;
    expect(markers.length, key).toBeGreaterThanOrEqual(items);
  }
}

describe('faults on the posts\' GETs during a build', () => {
  it('one fault on each post (503 SlowDown, 500, reset, hang, body cut short, corrupt body): every post published whole, as a clean build publishes them', async () => {
    const site = newSite();
    const posts = [1, 2, 3, 4, 5, 6].map((n) => testPost(n));
    await site.upload(posts);
    const faults: Fault[] = [{ status: 503, code: 'SlowDown' }, { status: 500 }, 'reset', 'hang', 'truncate', 'corrupt'];
    faults.forEach((fault, i) => s3.proxy.inject({ method: 'GET', path: site.path(posts[i]!), fault }));

    const summary = await site.build();

    expect(summary.skipped).toEqual([]);
    expect(summary.published).toBe(6);
    for (const post of posts) {
      expect(s3.proxy.requests.filter((r) => r.method === 'GET' && r.path === site.path(post)).length, post.key).toBe(2);
    }
    s3.proxy.reset();
    await site.build('clean');
    expect(await site.feeds()).toEqual(await site.feeds('clean'));
    expectWholeBodies(await site.feeds());
  });

  it('posts that still cannot be read after the retries (a body always cut short, a 403 from KMS): skipped with the reason, the others published, an edited one keeps its last good version; the next clean run converges', async () => {
    const site = newSite();
    const posts = [1, 2, 3, 4].map((n) => testPost(n));
    await site.upload(posts);
    await site.build();

    const edited = testPost(2, 'Post 2, edited');
    const added = testPost(5);
    await site.upload([edited, added]);
    s3.proxy.inject({ method: 'GET', path: site.path(edited), times: Infinity, fault: 'truncate' });
    s3.proxy.inject({ method: 'GET', path: site.path(added), times: Infinity, fault: { status: 403, code: 'AccessDenied' } });

    const faulty = await site.build();

    expect(faulty.skipped.map((skip) => [skip.key, skip.error])).toEqual([
      [
        'p2.md',
        expect.stringMatching(
          /^p2\.md: it could not be read \(its body did not arrive whole \(.+\)\) after 3 attempts; the next run tries again \(the last good version stays published\)$/,
        ),
      ],
      ['p5.md', expect.stringMatching(/^p5\.md: it could not be read \(AccessDenied: .*\(HTTP 403\).*\); the next run tries again$/)],
    ]);
    expect(faulty.published).toBe(4);
    expect(await site.mainTitles()).toEqual(['Post 4', 'Post 3', 'Post 2', 'Post 1']);
    expectWholeBodies(await site.feeds());

    s3.proxy.reset();
    const repaired = await site.build();
    expect(repaired.skipped).toEqual([]);
    expect(await site.mainTitles()).toEqual(['Post 5', 'Post 4', 'Post 3', 'Post 2, edited', 'Post 1']);
    await site.build('fresh');
    expect(await site.feeds()).toEqual(await site.feeds('fresh'));
  });
});
