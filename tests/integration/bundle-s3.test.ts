/**
 * The built Lambda bundle, imported as the nodejs22.x runtime does (ESM, by file URL, from a
 * folder with no node_modules anywhere above it), runs a scheduled build against the S3 test
 * server with its configuration from the environment only. The bundled AWS SDK, not the
 * repository's, makes the requests.
 */
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { lambdaBundleCopy, removeLambdaBundles } from '../support/bundle.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { MANIFEST, SITE_TITLE, SITE_URL, feedKeys, postText, putObjects, readFeedSet, scopeFiles, snapshot, type TestPost } from './s3-helpers.ts';

const BUCKET = 'feedbucket-bundle';
type Handler = (event: unknown, context: { awsRequestId: string; getRemainingTimeInMillis(): number }) => Promise<unknown>;

let server: S3TestServer;
let direct: S3Client;
let entry: string;
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  [server, entry] = await Promise.all([startS3Server({ buckets: [BUCKET] }), lambdaBundleCopy()]);
  direct = server.client();
  const names = ['SITE_URL', 'SITE_TITLE', 'FEED_SOURCE', 'FEED_OUT'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const restoreServerEnv = server.applyEnv();
  Object.assign(process.env, {
    SITE_URL,
    SITE_TITLE,
    FEED_SOURCE: `s3://${BUCKET}/posts/`,
    FEED_OUT: `s3://${BUCKET}/public/`,
  });
  restoreEnv = () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    restoreServerEnv();
  };
}, 120_000);

afterAll(async () => {
  restoreEnv();
  direct?.destroy();
  await server?.stop();
  removeLambdaBundles();
});

async function invoke(handler: Handler, event: unknown): Promise<{ result: BuildSummary; lines: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    const result = (await handler(event, { awsRequestId: 'bundle-s3', getRemainingTimeInMillis: () => 120_000 })) as BuildSummary;
    return { result, lines };
  } finally {
    spy.mockRestore();
  }
}

describe('the Lambda bundle against S3', () => {
  it('is a copy with no node_modules beside it', () => {
    expect(existsSync(entry)).toBe(true);
    expect(existsSync(join(dirname(entry), 'node_modules'))).toBe(false);
  });

  it('runs one {"trigger": "schedule"} build and writes the feeds and the manifest', async () => {
    const posts: TestPost[] = [
      { key: 'first.md', title: 'First from the bundle', date: '2024-02-01T10:00:00.000Z', tags: ['lambda'] },
      { key: '2024/second.md', title: 'Second from the bundle', date: '2024-03-01T10:00:00.000Z', categories: ['Ops'] },
      { key: 'draft.md', title: 'Still a draft', date: '2024-04-01T10:00:00.000Z', draft: true },
    ];
    await putObjects(direct, BUCKET, posts.map((post) => [`posts/${post.key}`, postText(post)] as const));

    const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
    const { result, lines } = await invoke(handler, { trigger: 'schedule' });

    expect(result.requests).toEqual({ list: 1 + 1, get: 1 + 3, put: 9 + 1 + 1, delete: 0 });
    expect(result.published).toBe(2);
    expect(result.drafts).toBe(1);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: 'bundle-s3', trigger: 'schedule' });

    const out = await snapshot(direct, BUCKET, 'public/');
    expect(feedKeys(out)).toEqual(scopeFiles(['', 'categories/ops/', 'tags/lambda/']));
    // The browser view is on by default: its stylesheet beside the main feeds.
    expect(out.has(STYLESHEET_KEY)).toBe(true);
    expect(out.has(MANIFEST)).toBe(true);
    for (const items of Object.values(readFeedSet(out, ''))) {
      expect(items.map((item) => item.title)).toEqual(['Second from the bundle', 'First from the bundle']);
    }
    // Served as XML, so that a browser styles it; readers go by the bytes.
    expect(out.get('rss.xml')?.contentType).toBe('application/xml; charset=utf-8');
    expect(out.get('feed.json')?.contentType).toBe('application/feed+json; charset=utf-8');
    expect(out.get(STYLESHEET_KEY)?.contentType).toBe('text/css; charset=utf-8');
    expect(out.get(STYLESHEET_KEY)?.cacheControl).toBe('public, max-age=86400');

    // a second scheduled run of the same (warm) module: the manifest makes it a no-change run
    const again = await invoke(handler, { trigger: 'schedule' });
    expect(again.result.requests).toEqual({ list: 1 + 1, get: 1, put: 0, delete: 0 });
  });
});
