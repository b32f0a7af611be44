/**
 * Real failures between the SDK and a real S3 server: the fault proxy answers 503s or drops
 * connections, and the SDK's own retry strategy (3 attempts by default) has to cope.
 */
import { randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.ts';
import { openStore } from '../../src/stores/open-store.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { UnreadableObject, type Store } from '../../src/stores/store.ts';
import { useFaultyS3 } from '../support/fault-proxy.ts';

const BUCKET = 'feedbucket-faults';
const s3 = useFaultyS3(BUCKET);

/** The path of bucket-level requests (ListObjectsV2): path-style, with a trailing slash. */
const BUCKET_PATH = `/${BUCKET}/`;

function freshStore(): { store: Store; prefix: string } {
  const prefix = `faults-${randomBytes(4).toString('hex')}/`;
  return { store: createS3Store({ bucket: BUCKET, prefix, client: s3.viaProxy }), prefix };
}

async function readDirect(key: string): Promise<string | undefined> {
  try {
    const output = await s3.direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return await output.Body?.transformToString();
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

describe('S3 store behind a faulty network', () => {
  it('a PUT survives two 503s: the SDK retries and the third attempt lands', async () => {
    const { store, prefix } = freshStore();
    const path = `/${BUCKET}/${prefix}rss.xml`;
    s3.proxy.failNext(2, { method: 'PUT', path }, 503);

    await store.put('rss.xml', '<rss version="2.0"/>', 'application/rss+xml; charset=utf-8');

    const attempts = s3.proxy.requests.filter((r) => r.method === 'PUT' && r.path === path);
    expect(attempts.map((r) => r.outcome)).toEqual([503, 503, 200]);
    expect(await readDirect(`${prefix}rss.xml`)).toBe('<rss version="2.0"/>');
    expect(store.requests.put).toBe(1); // one logical PUT; the SDK's retries are its own
  });

  it('a persistent failure surfaces as a StoreError naming the key and the s3:// location', async () => {
    const { store, prefix } = freshStore();
    const path = `/${BUCKET}/${prefix}tags/rust/atom.xml`;
    s3.proxy.inject({ method: 'PUT', path, times: Infinity, fault: { status: 503 } });

    const error = await store.put('tags/rust/atom.xml', '<feed/>', 'application/atom+xml').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).key).toBe('tags/rust/atom.xml');
    expect((error as StoreError).message).toContain(`s3://${BUCKET}/${prefix}tags/rust/atom.xml`);
    expect((error as StoreError).message).toContain('HTTP 503');
    expect((error as StoreError).cause).toBeInstanceOf(Error);
    expect(s3.proxy.requests.filter((r) => r.path === path)).toHaveLength(3); // maxAttempts, then give up
    expect(await readDirect(`${prefix}tags/rust/atom.xml`)).toBeUndefined();
  });

  it('a GET survives a dropped connection', async () => {
    const { store, prefix } = freshStore();
    await store.put('post.md', '# hi', 'text/markdown');
    const path = `/${BUCKET}/${prefix}post.md`;
    s3.proxy.dropNext(1, { method: 'GET', path });

    expect(new TextDecoder().decode(await store.get('post.md'))).toBe('# hi');
    expect(s3.proxy.requests.filter((r) => r.path === path && r.method === 'GET').map((r) => r.outcome)).toEqual([
      'dropped',
      200,
    ]);
  });

  it('a LIST survives a 500', async () => {
    const { store } = freshStore();
    await store.put('a.md', 'a', 'text/markdown');
    s3.proxy.failNext(1, { method: 'GET', path: BUCKET_PATH }, 500);
    expect((await store.list()).map((e) => e.key)).toEqual(['a.md']);
    expect(s3.proxy.requests.filter((r) => r.path === BUCKET_PATH).map((r) => r.outcome)).toEqual([500, 200]);
    expect(store.requests.list).toBe(1);
  });

  it('a missing key is not retried', async () => {
    const { store, prefix } = freshStore();
    expect(await store.get('missing.md')).toBeUndefined();
    expect(s3.proxy.requests.filter((r) => r.path === `/${BUCKET}/${prefix}missing.md`)).toHaveLength(1);
  });

  /**
   * S3 answers a GET of a missing key with 403 AccessDenied instead of 404 when the role lacks
   * s3:ListBucket for that key. The store then asks one LIST (Prefix = the key, MaxKeys = 1)
   * whether the key exists: missing → undefined, present → the 403 stands.
   */
  describe('a 403 AccessDenied on GET', () => {
    const denyGet = (path: string) => s3.proxy.inject({ method: 'GET', path, fault: { status: 403, code: 'AccessDenied' } });
    const listsOf = (prefix: string) =>
      s3.proxy.requests.filter(
        (r) =>
          r.method === 'GET' &&
          r.path === BUCKET_PATH &&
          new URLSearchParams(r.query).get('list-type') === '2' &&
          new URLSearchParams(r.query).get('prefix')?.startsWith(prefix),
      );

    it('of a missing key: one LIST shows it is missing, so get answers undefined', async () => {
      const { store, prefix } = freshStore();
      const path = `/${BUCKET}/${prefix}.feedbucket/manifest.json`;
      denyGet(path);

      expect(await store.get('.feedbucket/manifest.json')).toBeUndefined();

      expect(s3.proxy.requests.filter((r) => r.path === path).map((r) => r.outcome)).toEqual([403]); // not retried
      const lists = listsOf(prefix);
      expect(lists.map((r) => r.outcome)).toEqual([200]);
      const query = new URLSearchParams(lists[0]!.query);
      expect(query.get('prefix')).toBe(`${prefix}.feedbucket/manifest.json`);
      expect(query.get('max-keys')).toBe('1');
      expect(store.requests).toEqual({ list: 1, get: 1, put: 0, delete: 0 });
    });

    it('of a missing key whose name starts another key: still missing', async () => {
      const { store, prefix } = freshStore();
      await store.put('post.md.bak', 'older', 'text/markdown');
      denyGet(`/${BUCKET}/${prefix}post.md`);

      expect(await store.get('post.md')).toBeUndefined();
      expect(store.requests).toEqual({ list: 1, get: 1, put: 1, delete: 0 });
    });

    it('of an existing key: an UnreadableObject naming the key and pointing at the permissions', async () => {
      const { store, prefix } = freshStore();
      await store.put('post.md', '# hi', 'text/markdown');
      await store.put('post.md.bak', 'older', 'text/markdown');
      const path = `/${BUCKET}/${prefix}post.md`;
      denyGet(path);

      const error = await store.get('post.md').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(UnreadableObject);
      expect((error as UnreadableObject).key).toBe('post.md');
      expect((error as UnreadableObject).attempts).toBe(1);
      expect((error as UnreadableObject).reason).toMatch(/^AccessDenied: .* \(HTTP 403\)/);
      expect((error as StoreError).message).toContain(`could not read s3://${BUCKET}/${prefix}post.md: AccessDenied`);
      expect((error as StoreError).message).toContain('HTTP 403');
      expect((error as StoreError).message).toContain('not allowed this action on this location (check the IAM policy)');
      expect(((error as StoreError).cause as Error).name).toBe('AccessDenied'); // the GET's error, not the LIST's
      expect(s3.proxy.requests.filter((r) => r.path === path && r.method === 'GET').map((r) => r.outcome)).toEqual([403]);
      expect(listsOf(prefix).map((r) => r.outcome)).toEqual([200]);
      expect(store.requests).toEqual({ list: 1, get: 1, put: 2, delete: 0 });
    });

    it('when the LIST is denied too: the GET error stands, and the message says the check failed', async () => {
      const { store, prefix } = freshStore();
      const path = `/${BUCKET}/${prefix}missing.md`;
      denyGet(path);
      s3.proxy.inject({ method: 'GET', path: BUCKET_PATH, fault: { status: 403, code: 'AccessDenied' } });

      const error = await store.get('missing.md').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(UnreadableObject);
      expect((error as StoreError).key).toBe('missing.md');
      expect((error as StoreError).message).toContain(`could not read s3://${BUCKET}/${prefix}missing.md: AccessDenied`);
      expect((error as StoreError).message).toContain('check the IAM policy');
      expect((error as StoreError).message).toContain('could not list');
      expect(((error as StoreError).cause as Error).name).toBe('AccessDenied');
      expect(listsOf(prefix).map((r) => r.outcome)).toEqual([403]);
      expect(store.requests).toEqual({ list: 1, get: 1, put: 0, delete: 0 });
    });
  });

  it('the default client sends to AWS_ENDPOINT_URL_S3', async () => {
    const restore = s3.server.applyEnv();
    process.env.AWS_ENDPOINT_URL_S3 = s3.proxy.endpoint;
    try {
      const prefix = `env-${randomBytes(4).toString('hex')}/`;
      const store = await openStore(`s3://${BUCKET}/${prefix}`);
      await store.put('x.md', 'x', 'text/markdown');
      expect(s3.proxy.requests).toContainEqual(
        expect.objectContaining({ method: 'PUT', path: `/${BUCKET}/${prefix}x.md`, outcome: 200 }),
      );
    } finally {
      restore();
    }
  });
});
