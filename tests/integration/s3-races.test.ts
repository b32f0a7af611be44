/**
 * Builds that overlap, against the S3 test server behind the fault proxy, which decides the
 * manifest's conditional writes (`If-Match`, `If-None-Match: *`) as S3 does. Whatever order their
 * writes land in, the last word is a plan made after every other build's manifest: no post is
 * lost, no deleted post or emptied term feed stays, and the feeds equal a fresh build's.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import type { Store } from '../../src/stores/store.ts';
import { wrapStore } from '../engine/helpers.ts';
import { useFaultyS3 } from '../support/fault-proxy.ts';
import { deleteObjects, feedKeys, MANIFEST, postText, putObjects, readFeedSet, SITE_TITLE, SITE_URL, snapshot, type TestPost } from './s3-helpers.ts';

const BUCKET = 'feedbucket-races';
const NOW = new Date('2026-06-01T00:00:00Z');
const s3 = useFaultyS3(BUCKET);

function testPost(i: number, tags: string[] = []): TestPost {
  return { key: `p${String(i).padStart(2, '0')}.md`, title: `Race post ${i}`, date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), tags };
}

function site(name: string) {
  const posts = `${name}/posts/`;
  const out = `${name}/out/`;
  const config: SiteConfig = resolveConfig({ env: { SITE_URL, SITE_TITLE, FEED_SOURCE: `s3://${BUCKET}/${posts}`, FEED_OUT: `s3://${BUCKET}/${out}` } });
  const stores = (prefix = out) => ({
    source: createS3Store({ bucket: BUCKET, prefix: posts, client: s3.viaProxy }),
    out: createS3Store({ bucket: BUCKET, prefix, client: s3.viaProxy }),
  });
  return {
    out,
    build: (outStore?: (store: Store) => Store) => {
      const { source, out: plain } = stores();
      return runBuild({ config, now: NOW, stores: { source, out: outStore ? outStore(plain) : plain } });
    },
    add: (post: TestPost) => putObjects(s3.direct, BUCKET, [[posts + post.key, postText(post)]]),
    remove: (post: TestPost) => deleteObjects(s3.direct, BUCKET, [posts + post.key]),
    /** The feed files a build from nothing gives for the posts as they are now, under another prefix. */
    fresh: async () => {
      const prefix = `${name}/fresh-${Date.now()}/`;
      await runBuild({ config, now: NOW, stores: stores(prefix) });
      return feedFiles(prefix);
    },
    feedFiles: () => feedFiles(out),
  };
}

async function feedFiles(prefix: string): Promise<Map<string, string>> {
  const objects = await snapshot(s3.direct, BUCKET, prefix);
  return new Map(feedKeys(objects).map((key) => [key, objects.get(key)!.body]));
}

const replanned = (summary: BuildSummary) => summary.warnings.some((w) => w.key === MANIFEST && /the manifest changed after this build read it/.test(w.warning));

describe('overlapping builds', () => {
  it('the older build whose manifest would land last plans again instead: the newer build\'s post and deletion stand', async () => {
    const blog = site('pair');
    const kept = testPost(1, ['old']);
    const doomed = testPost(2, ['doomed']);
    for (const post of [kept, doomed, testPost(3)]) await blog.add(post);
    await blog.build();

    // The older build stops at its first write, after it has read the manifest and planned.
    let reachedWrite!: () => void;
    const atWrite = new Promise<void>((resolve) => (reachedWrite = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await blog.add({ ...kept, title: 'Race post 1, edited' });
    const older = blog.build((store) =>
      wrapStore(store, {
        put: async (key, body, type, options) => {
          reachedWrite();
          await released;
          return store.put(key, body, type, options);
        },
      }),
    );
    await atWrite;
    const added = testPost(4, ['new']);
    await blog.add(added);
    await blog.remove(doomed);
    const newer = await blog.build();
    release();
    const olderSummary = await older;

    expect(replanned(newer)).toBe(false);
    expect(replanned(olderSummary)).toBe(true);
    const files = await blog.feedFiles();
    expect(readFeedSet(await snapshot(s3.direct, BUCKET, blog.out), '').json.map((item) => item.title)).toEqual([
      'Race post 4',
      'Race post 3',
      'Race post 1, edited',
    ]);
    expect([...files.keys()].some((key) => key.startsWith('tags/doomed/'))).toBe(false);
    expect(files).toEqual(await blog.fresh());
  });

  it('five builds started while posts are added and removed all end; the feeds are a fresh build\'s', async () => {
    const blog = site('five');
    const posts = Array.from({ length: 12 }, (_, i) => testPost(i + 1, [`t${i % 4}`]));
    for (const post of posts.slice(0, 8)) await blog.add(post);
    await blog.build();
    // Slow writes keep each build's write window open while the next one starts.
    s3.proxy.inject({ method: 'PUT', path: /\/five\/out\/(?!\.feedbucket)/, times: Infinity, fault: { delayMs: 40 } });

    const runs: Promise<BuildSummary>[] = [];
    for (let i = 0; i < 5; i++) {
      runs.push(blog.build());
      await new Promise((resolve) => setTimeout(resolve, 30));
      await blog.add(posts[8 + (i % 4)]!);
      if (i === 2) await blog.remove(posts[0]!);
    }
    const outcomes = await Promise.allSettled(runs);
    s3.proxy.reset();

    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(5).fill('fulfilled'));
    const summaries = outcomes.map((outcome) => (outcome as PromiseFulfilledResult<BuildSummary>).value);
    // The race really happened: some build found the manifest rewritten under it.
    expect(summaries.some(replanned)).toBe(true);
    const titles = readFeedSet(await snapshot(s3.direct, BUCKET, blog.out), '').json.map((item) => item.title);
    expect(titles).toEqual(posts.slice(1).map((post) => post.title).reverse());
    expect(await blog.feedFiles()).toEqual(await blog.fresh());
  });
});
