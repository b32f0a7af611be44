/**
 * Every fault between the engine and S3 that a request can meet, injected by the fault proxy in
 * front of the real test server: the SDK's own retries handle failed requests (503 SlowDown,
 * 500, a reset, a hang cut by the request timeout, a write applied and then answered 500); the
 * store itself asks again for a body that arrives cut short, stalls or does not match its ETag,
 * and never hands one out. The client has short timeouts so that hangs end quickly.
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Store } from '../../src/stores/s3.ts';
import { UnreadableObject, type Store } from '../../src/stores/store.ts';
import { useFaultyS3, type Fault } from '../support/fault-proxy.ts';

const BUCKET = 'feedbucket-request-faults';
/** Long enough for any answer of the local server under a loaded test run, short enough to wait out. */
const TIMEOUTS = { connectMs: 500, requestMs: 1_000 };
const BODY = `---\ntitle: Whole\n---\n${'All of it. '.repeat(200)}THE END\n`;

const s3 = useFaultyS3(BUCKET, { timeouts: TIMEOUTS });

/** A store on a fresh prefix holding `post.md`, and the path its GETs have on the wire. */
async function storeWithPost(): Promise<{ store: Store; prefix: string; path: string }> {
  const prefix = `faults-${randomBytes(4).toString('hex')}/`;
  const store = createS3Store({ bucket: BUCKET, prefix, client: s3.viaProxy });
  await store.put('post.md', BODY, 'text/markdown');
  s3.proxy.reset();
  return { store, prefix, path: `/${BUCKET}/${prefix}post.md` };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const outcomes = (method: string, path: string) =>
  s3.proxy.requests.filter((r) => r.method === method && r.path === path).map((r) => r.outcome);

describe('a GET meets a fault once: the post is read whole', () => {
  /** `gets`: the store's own GETs, 2 when the store asked again, 1 when the SDK retried alone. */
  const once: Array<[label: string, fault: Fault, seen: Array<number | 'dropped'>, gets: number]> = [
    ['503 SlowDown (SDK retry)', { status: 503, code: 'SlowDown' }, [503, 200], 1],
    ['500 InternalError (SDK retry)', { status: 500 }, [500, 200], 1],
    ['a connection reset (SDK retry)', 'reset', ['dropped', 200], 1],
    ['a hang, cut by the request timeout (SDK retry)', 'hang', ['dropped', 200], 1],
    ['a body cut short behind its full Content-Length (store retry)', 'truncate', [200, 200], 2],
    ['a body that stops arriving halfway, cut by the socket timeout (store retry)', 'stall', [200, 200], 2],
    ['a body that does not match its ETag (store retry)', 'corrupt', [200, 200], 2],
  ];

  it.each(once)('%s', async (_label, fault, seen, gets) => {
    const { store, path } = await storeWithPost();
    s3.proxy.inject({ method: 'GET', path, fault });

    expect(text(await store.get('post.md'))).toBe(BODY);
    expect(outcomes('GET', path)).toEqual(seen);
    expect(store.requests.get).toBe(gets);
  });
});

describe('a GET that keeps failing: UnreadableObject with the reason and the attempts, never a partial body', () => {
  const persistent: Array<[label: string, fault: Fault, reason: RegExp, attempts: number]> = [
    ['a body always cut short', 'truncate', /^its body did not arrive whole \(.+\)$/, 3],
    ['a body that never matches its ETag', 'corrupt', /^its body does not match its ETag \(MD5 [0-9a-f]{32}, ETag [0-9a-f]{32}\)$/, 3],
    ['a 500 on every attempt', { status: 500 }, /^InternalError: .* \(HTTP 500\)$/, 3],
    ['a 403 AccessDenied (a KMS key it may not use) on an existing key', { status: 403, code: 'AccessDenied' }, /^AccessDenied: .*\(HTTP 403\).*check the IAM policy/, 1],
  ];

  it.each(persistent)('%s', async (_label, fault, reason, attempts) => {
    const { store, prefix, path } = await storeWithPost();
    s3.proxy.inject({ method: 'GET', path, times: Infinity, fault });

    const error = await store.get('post.md').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnreadableObject);
    const unreadable = error as UnreadableObject;
    expect(unreadable.key).toBe('post.md');
    expect(unreadable.reason).toMatch(reason);
    expect(unreadable.attempts).toBe(attempts);
    expect(unreadable.message).toContain(`could not read s3://${BUCKET}/${prefix}post.md: `);
    expect(outcomes('GET', path)).toHaveLength(attempts);
  });
});

describe('writes and listings', () => {
  it('a PUT applied upstream but answered 500 is retried by the SDK and lands once', async () => {
    const prefix = `faults-${randomBytes(4).toString('hex')}/`;
    const store = createS3Store({ bucket: BUCKET, prefix, client: s3.viaProxy });
    const path = `/${BUCKET}/${prefix}rss.xml`;
    s3.proxy.inject({ method: 'PUT', path, fault: { appliedThenStatus: 500 } });

    await store.put('rss.xml', '<rss version="2.0"/>', 'application/rss+xml');

    expect(outcomes('PUT', path)).toEqual([500, 200]);
    const stored = await s3.direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}rss.xml` }));
    expect(await stored.Body?.transformToString()).toBe('<rss version="2.0"/>');
  });

  it('a PUT that hangs is cut by the request timeout and retried', async () => {
    const prefix = `faults-${randomBytes(4).toString('hex')}/`;
    const store = createS3Store({ bucket: BUCKET, prefix, client: s3.viaProxy });
    const path = `/${BUCKET}/${prefix}atom.xml`;
    s3.proxy.inject({ method: 'PUT', path, fault: 'hang' });

    await store.put('atom.xml', '<feed/>', 'application/atom+xml');

    expect(outcomes('PUT', path)).toEqual(['dropped', 200]);
  });

  it.each<[string, Fault]>([
    ['hangs', 'hang'],
    ['is reset', 'reset'],
    ['answers 503 SlowDown', { status: 503, code: 'SlowDown' }],
  ])('a LIST that %s is retried', async (_label, fault) => {
    const { store } = await storeWithPost();
    s3.proxy.inject({ method: 'GET', path: `/${BUCKET}/`, fault });

    expect((await store.list()).map((entry) => entry.key)).toEqual(['post.md']);
    expect(outcomes('GET', `/${BUCKET}/`)).toHaveLength(2);
  });
});
