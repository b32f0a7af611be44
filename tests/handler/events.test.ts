/**
 * The handler with every event shape the README lists, against the S3 test server, configured
 * only through the environment. Real event JSON lives in tests/fixtures/events/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { classifyEvent } from '../../handler/events.ts';
import { MANIFEST, deleteObjects, feedKeys, putObjects, postText, readFeedSet, scopeFiles } from '../integration/s3-helpers.ts';
import {
  NO_REQUESTS,
  eventFixture,
  expectNothingWritten,
  s3Event,
  s3EventKey,
  samplePosts,
  startHarness,
  type Harness,
  type Invocation,
} from './harness.ts';

const BUCKET = 'feedbucket-events';
let h: Harness;

beforeAll(async () => {
  h = await startHarness(BUCKET);
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

function summaryOf(invocation: Invocation): BuildSummary {
  if (invocation.error) throw invocation.error;
  const result = invocation.result as BuildSummary & { ignored?: true };
  expect(result.ignored).toBeUndefined();
  return result;
}

/** The site's main-feed titles in all three formats (they must agree). */
function mainTitles(invocation: Invocation): string[] {
  const feeds = readFeedSet(invocation.after, '');
  const titles = feeds.rss.map((item) => item.title);
  expect(feeds.atom.map((item) => item.title)).toEqual(titles);
  expect(feeds.json.map((item) => item.title)).toEqual(titles);
  return titles;
}

describe('scheduled events', () => {
  it('an EventBridge "Scheduled Event" (full envelope) runs an incremental build', async () => {
    const site = h.useSite('scheduled');
    await site.upload(samplePosts(3));
    const event = eventFixture('scheduled-event.json');
    expect(event['detail-type']).toBe('Scheduled Event');
    expect(event.source).toBe('aws.events');

    const first = await h.invoke(event);
    const summary = summaryOf(first);
    expect(summary.requests).toEqual({ list: 1 + 1, get: 1 + 3, put: 6 + 1 + 1, delete: 0 });
    expect(first.wire).toEqual({ list: 2, get: 4, put: 8, delete: 0, other: 0 });
    expect(feedKeys(first.after)).toEqual(scopeFiles(['', 'tags/notes/']));
    expect(first.after.has(MANIFEST)).toBe(true);
    expect(mainTitles(first)).toEqual(['Sample 3', 'Sample 2', 'Sample 1']);
    expect(first.log).toMatchObject({ level: 'info', trigger: 'schedule', requests: summary.requests });

    // and again: nothing changed, so 1 LIST + 1 GET + 0 PUT
    const second = await h.invoke(eventFixture('scheduled-event.json'));
    expect(summaryOf(second).requests).toEqual({ list: 1 + 1, get: 1, put: 0, delete: 0 });
    expectNothingWritten(second);
  });

  it('{"trigger": "schedule"} (serverless schedule input, EventBridge Scheduler) runs an incremental build', async () => {
    const site = h.useSite('trigger');
    await site.upload(samplePosts(2));
    const first = await h.invoke({ trigger: 'schedule' });
    expect(summaryOf(first).requests).toEqual({ list: 1 + 1, get: 1 + 2, put: 6 + 1 + 1, delete: 0 });
    expect(first.log).toMatchObject({ trigger: 'schedule' });

    await site.upload([{ key: 'later.md', title: 'Later', date: '2024-06-01T00:00:00.000Z' }]);
    const second = await h.invoke({ trigger: 'schedule' });
    expect(summaryOf(second).requests).toEqual({ list: 1 + 1, get: 2, put: 3 + 1, delete: 0 });
    expect(mainTitles(second)).toEqual(['Later', 'Sample 2', 'Sample 1']);
  });
});

describe('S3 notifications', () => {
  it('ObjectCreated:Put of a post (form-encoded key, spaces in prefix and name) builds', async () => {
    // a prefix with a space: only a correctly decoded key ("blog+posts/…") matches it
    const site = h.useSite('s3put', { postsPrefix: 's3put/blog posts/' });
    await site.upload([...samplePosts(2), { key: 'my post.md', title: 'My post', date: '2024-05-01T00:00:00.000Z', slug: 'my-post' }]);
    const event = s3Event('s3-object-created-put.json', [{ bucket: BUCKET, key: s3EventKey('s3put/blog posts/my post.md') }]);
    expect(event.Records[0]?.s3.object.key).toBe('s3put/blog+posts/my+post.md');
    expect(event.Records[0]?.eventName).toBe('ObjectCreated:Put');

    const run = await h.invoke(event);
    const summary = summaryOf(run);
    expect(summary.requests).toEqual({ list: 1 + 1, get: 1 + 3, put: 6 + 1 + 1, delete: 0 });
    expect(mainTitles(run)).toEqual(['My post', 'Sample 2', 'Sample 1']);
    expect(run.log).toMatchObject({ trigger: 's3' });
  });

  it('a key with a literal "+" (sent as %2B) inside the prefix builds', async () => {
    const site = h.useSite('s3plus');
    await site.upload([{ key: 'c++ tips.md', title: 'C++ tips', date: '2024-05-01T00:00:00.000Z', slug: 'cpp-tips' }]);
    const event = s3Event('s3-object-created-put.json', [{ bucket: BUCKET, key: s3EventKey('s3plus/posts/c++ tips.md') }]);
    expect(event.Records[0]?.s3.object.key).toBe('s3plus/posts/c%2B%2B+tips.md');
    const run = await h.invoke(event);
    expect(summaryOf(run).published).toBe(1);
    expect(mainTitles(run)).toEqual(['C++ tips']);
  });

  it('ObjectRemoved:Delete of a post builds, and the post leaves the feeds', async () => {
    const site = h.useSite('s3del');
    const posts = samplePosts(3);
    await site.upload(posts);
    summaryOf(await h.invoke({ trigger: 'schedule' }));

    await deleteObjects(h.direct, BUCKET, [`${site.postsPrefix}sample-3.md`]);
    const event = s3Event('s3-object-removed-delete.json', [{ bucket: BUCKET, key: 's3del/posts/sample-3.md' }]);
    expect(event.Records[0]?.eventName).toBe('ObjectRemoved:Delete');
    const run = await h.invoke(event);
    const summary = summaryOf(run);
    // sample-3 was in the main feed and in tags/notes (with sample-1): both change; nothing else is read
    expect(summary.requests).toEqual({ list: 1 + 1, get: 1, put: 6 + 1, delete: 0 });
    expect(mainTitles(run)).toEqual(['Sample 2', 'Sample 1']);
    expect(readFeedSet(run.after, 'tags/notes/').json.map((item) => item.title)).toEqual(['Sample 1']);
  });

  it('records of our own outputs, of other prefixes, other buckets or non-posts are ignored at once: no request, nothing written', async () => {
    const site = h.useSite('s3ignore');
    await site.upload(samplePosts(2));
    summaryOf(await h.invoke({ trigger: 'schedule' }));

    const cases: { name: string; objects: { bucket: string; key: string }[] }[] = [
      { name: 'our RSS feed', objects: [{ bucket: BUCKET, key: 's3ignore/public/rss.xml' }] },
      { name: 'our manifest', objects: [{ bucket: BUCKET, key: 's3ignore/public/.feedbucket/manifest.json' }] },
      {
        name: 'all our outputs at once',
        objects: ['rss.xml', 'atom.xml', 'feed.json', 'tags/notes/rss.xml', '.feedbucket/manifest.json'].map((key) => ({
          bucket: BUCKET,
          key: `s3ignore/public/${key}`,
        })),
      },
      { name: 'a post outside the prefix', objects: [{ bucket: BUCKET, key: 'elsewhere/posts/hello.md' }] },
      { name: 'the same prefix in another bucket', objects: [{ bucket: 'another-bucket', key: 's3ignore/posts/sample-1.md' }] },
      { name: 'a non-post object inside the prefix', objects: [{ bucket: BUCKET, key: 's3ignore/posts/images/photo.png' }] },
    ];
    for (const { name, objects } of cases) {
      const run = await h.invoke(s3Event('s3-object-created-put.json', objects));
      expect(run.error, name).toBeUndefined();
      expect(run.result, name).toMatchObject({ ignored: true, reason: expect.any(String) });
      expect(run.wire, name).toEqual(NO_REQUESTS);
      expectNothingWritten(run);
      expect(run.log, name).toMatchObject({ ignored: true, trigger: 's3' });
    }
  });

  it('a notification with an output record and a post record builds', async () => {
    const site = h.useSite('s3mixed');
    await site.upload(samplePosts(1));
    const event = s3Event('s3-object-created-put.json', [
      { bucket: BUCKET, key: 's3mixed/public/rss.xml' },
      { bucket: BUCKET, key: 's3mixed/posts/sample-1.md' },
    ]);
    const run = await h.invoke(event);
    expect(summaryOf(run).requests.put).toBeGreaterThan(0);
    expect(mainTitles(run)).toEqual(['Sample 1']);
  });
});

describe('manual invocations', () => {
  it('{"rebuild": true} ignores the manifest: every post is read again, unchanged files are not rewritten', async () => {
    const site = h.useSite('rebuild');
    await site.upload(samplePosts(4));
    summaryOf(await h.invoke({ trigger: 'schedule' }));

    // every post read again, and the outputs listed once (as every run does) to restore any that went missing
    const run = await h.invoke({ rebuild: true });
    expect(summaryOf(run).requests).toEqual({ list: 1 + 1, get: 1 + 4, put: 0, delete: 0 });
    expect(run.wire).toEqual({ list: 2, get: 5, put: 0, delete: 0, other: 0 });
    expectNothingWritten(run);
    expect(run.log).toMatchObject({ trigger: 'manual' });

    // compare: the incremental run that follows reads only the manifest
    const incremental = await h.invoke({ trigger: 'schedule' });
    expect(summaryOf(incremental).requests).toEqual({ list: 1 + 1, get: 1, put: 0, delete: 0 });
  });

  it('{"dryRun": true} builds and returns the summary but writes nothing (first build, and after a change)', async () => {
    const site = h.useSite('dryrun');
    await site.upload(samplePosts(2));
    const first = await h.invoke({ dryRun: true });
    const summary = summaryOf(first);
    expect(summary.dryRun).toBe(true);
    expect(summary.feeds.map((f) => f.key).sort()).toEqual(scopeFiles(['', 'tags/notes/']));
    expect(summary.feeds.every((f) => f.changed)).toBe(true);
    expect(summary.requests).toEqual({ list: 1 + 1, get: 1 + 2, put: 0, delete: 0 });
    expect(first.after.size).toBe(0);
    expectNothingWritten(first);

    summaryOf(await h.invoke({ trigger: 'schedule' }));
    await putObjects(h.direct, BUCKET, [[`${site.postsPrefix}sample-1.md`, postText({ ...samplePosts(1)[0]!, title: 'Sample 1, edited' })]]);
    const second = await h.invoke({ dryRun: true });
    expect(summaryOf(second).feeds.filter((f) => f.changed).map((f) => f.key).sort()).toEqual(scopeFiles(['', 'tags/notes/']));
    expectNothingWritten(second);

    const both = await h.invoke({ rebuild: true, dryRun: true });
    expect(summaryOf(both).requests).toEqual({ list: 1 + 1, get: 1 + 2, put: 0, delete: 0 });
    expectNothingWritten(both);
  });
});

describe('unpublishing every feed', () => {
  it('with every post deleted, a schedule run is refused and writes nothing; {"allowShrink": true} deletes every feed file', async () => {
    const site = h.useSite('unpublish');
    const posts = samplePosts(2);
    await site.upload(posts);
    summaryOf(await h.invoke({ trigger: 'schedule' }));
    await deleteObjects(h.direct, BUCKET, posts.map((post) => `${site.postsPrefix}${post.key}`));

    const refused = await h.invoke({ trigger: 'schedule' });
    expect(refused.error?.message).toMatch(/no post can be published/);
    expectNothingWritten(refused);

    const run = await h.invoke({ allowShrink: true });
    expect(summaryOf(run).feeds).toEqual([]);
    expect([...run.after.keys()]).toEqual([MANIFEST]);
  });
});

describe('anything else is rejected with a clear error, before any request', () => {
  const garbage: [string, unknown][] = [
    ['{}', {}],
    ['{"foo":1}', { foo: 1 }],
    ['null', null],
    ['"x"', 'x'],
    ['{"rebuild":"yes"}', { rebuild: 'yes' }],
    ['{"rebuild":false}', { rebuild: false }],
    ['{"trigger":"manual"}', { trigger: 'manual' }],
    ['an array', [{ trigger: 'schedule' }]],
    ['Records from another service', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }],
    ['an empty Records list', { Records: [] }],
    ['a custom EventBridge event', { ...eventFixture<Record<string, unknown>>('scheduled-event.json'), 'detail-type': 'Object Created', source: 'aws.s3' }],
  ];

  it.each(garbage)('%s', async (_name, event) => {
    const site = h.useSite('garbage');
    await site.upload(samplePosts(1));
    const run = await h.invoke(event);
    expect(run.result).toBeUndefined();
    expect(run.error).toBeInstanceOf(Error);
    expect(run.error?.message).toMatch(/unrecognised event/);
    expect(run.error?.message).toMatch(/Scheduled Event.*trigger.*schedule.*S3.*rebuild.*dryRun/);
    expect(run.wire).toEqual(NO_REQUESTS);
    expectNothingWritten(run);
    expect(run.log).toMatchObject({ level: 'error' });
  });
});

describe('classifyEvent (the table, without S3)', () => {
  it('recognises the accepted shapes and decodes S3 keys', () => {
    expect(classifyEvent(eventFixture('scheduled-event.json'))).toEqual({ kind: 'schedule' });
    expect(classifyEvent({ trigger: 'schedule' })).toEqual({ kind: 'schedule' });
    expect(classifyEvent({ rebuild: true })).toEqual({ kind: 'manual', rebuild: true, dryRun: false, allowShrink: false });
    expect(classifyEvent({ dryRun: true })).toEqual({ kind: 'manual', rebuild: false, dryRun: true, allowShrink: false });
    expect(classifyEvent({ rebuild: true, allowShrink: true })).toEqual({ kind: 'manual', rebuild: true, dryRun: false, allowShrink: true });
    expect(classifyEvent({ allowShrink: true })).toEqual({ kind: 'manual', rebuild: false, dryRun: false, allowShrink: true });
    expect(classifyEvent({ allowShrink: 'yes' })).toMatchObject({ error: expect.stringMatching(/^unrecognised event/) });
    expect(classifyEvent(eventFixture('s3-object-created-put.json'))).toEqual({
      kind: 's3',
      objects: [{ bucket: 'my-blog-bucket', key: 'posts/my post.md' }],
    });
    expect(classifyEvent(s3Event('s3-object-created-put.json', [{ bucket: 'b', key: 'posts/caf%C3%A9+%2B1.md' }]))).toEqual({
      kind: 's3',
      objects: [{ bucket: 'b', key: 'posts/café +1.md' }],
    });
    expect(classifyEvent(s3Event('s3-object-created-put.json', [{ bucket: 'b', key: 'posts/%E0%A4%A.md' }]))).toMatchObject({
      error: expect.stringMatching(/malformed object key/),
    });
  });
});
