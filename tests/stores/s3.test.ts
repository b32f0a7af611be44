import { createHash, randomBytes } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, StoreError } from '../../src/errors.ts';
import { openStore } from '../../src/stores/open-store.ts';
import { createS3Store, defaultS3Client } from '../../src/stores/s3.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { headTag, startFaultProxy } from '../support/fault-proxy.ts';
import { describeConditionalWrites, describeHeaders, describeStore, type MakeStore } from './contract.ts';

const BUCKET = 'feedbucket-test';
let server: S3TestServer;
let admin: S3Client;
let restoreEnv: () => void = () => {};

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  admin = server.client();
  restoreEnv = server.applyEnv(); // for openStore / the default client
});

afterAll(async () => {
  restoreEnv();
  admin?.destroy();
  await server?.stop();
});

const uniquePrefix = (label: string) => `${label}-${randomBytes(4).toString('hex')}/`;

async function seedObjects(prefix: string, seed: Record<string, string>, bucket = BUCKET): Promise<void> {
  for (const [key, body] of Object.entries(seed)) {
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: new TextEncoder().encode(body) }));
  }
}

async function head(key: string) {
  return admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
}

const withClient: MakeStore = async (seed = {}) => {
  const prefix = uniquePrefix('contract');
  await seedObjects(prefix, seed);
  const client = server.client();
  return {
    store: createS3Store({ bucket: BUCKET, prefix, client }),
    cleanup: async () => client.destroy(),
    contentType: async (key) => (await head(prefix + key)).ContentType,
    cacheControl: async (key) => (await head(prefix + key)).CacheControl,
  };
};

/** The way the CLI and the handler get a store: a URL and the AWS environment. */
const fromEnvironment: MakeStore = async (seed = {}) => {
  const prefix = uniquePrefix('env');
  await seedObjects(prefix, seed);
  return {
    store: await openStore(`s3://${BUCKET}/${prefix}`),
    cleanup: async () => {},
    contentType: async (key) => (await head(prefix + key)).ContentType,
    cacheControl: async (key) => (await head(prefix + key)).CacheControl,
  };
};

describeStore('s3 (explicit client)', withClient);
describeHeaders('s3 (explicit client)', withClient);
describeStore('s3 (openStore + AWS environment)', fromEnvironment);

/** The test server ignores If-Match and If-None-Match: the proxy decides them as S3 does. */
const behindEnforcingProxy: MakeStore = async (seed = {}) => {
  const prefix = uniquePrefix('conditional');
  await seedObjects(prefix, seed);
  const proxy = await startFaultProxy(server.endpoint, { tagOf: headTag(admin) });
  const client = server.client({ endpoint: proxy.endpoint });
  return {
    store: createS3Store({ bucket: BUCKET, prefix, client }),
    cleanup: async () => {
      client.destroy();
      await proxy.stop();
    },
  };
};
describeConditionalWrites('s3 (behind the enforcing proxy)', behindEnforcingProxy);
describeHeaders('s3 (openStore + AWS environment)', fromEnvironment);

describe('S3 store', () => {
  it('names its location s3://bucket/prefix/', () => {
    expect(createS3Store({ bucket: BUCKET, prefix: 'posts', client: admin }).location).toBe(`s3://${BUCKET}/posts/`);
    expect(createS3Store({ bucket: BUCKET, prefix: '', client: admin }).location).toBe(`s3://${BUCKET}/`);
    expect(() => createS3Store({ bucket: BUCKET, prefix: 'a/../b', client: admin })).toThrow(ConfigError);
  });

  it('pages through more than 1,000 objects: 1,050 entries in 2 LIST requests', async () => {
    const prefix = uniquePrefix('pages');
    const keys = Array.from({ length: 1050 }, (_, i) => `posts/${String(i).padStart(4, '0')}.md`);
    const limit = pLimit(48);
    await Promise.all(
      keys.map((key) => limit(() => admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: prefix + key, Body: key })))),
    );
    await seedObjects(uniquePrefix('pages-neighbour'), { 'posts/outside.md': 'not ours' });

    // the server itself pages as S3 does: 1,000 keys, then a continuation token
    const first = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, MaxKeys: 1000 }));
    expect([first.Contents?.length, first.IsTruncated, Boolean(first.NextContinuationToken)]).toEqual([1000, true, true]);
    const second = await admin.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: first.NextContinuationToken }),
    );
    expect([second.Contents?.length, second.IsTruncated]).toEqual([50, false]);

    const store = createS3Store({ bucket: BUCKET, prefix, client: admin });
    const entries = await store.list();
    expect(entries).toHaveLength(1050);
    expect(new Set(entries.map((e) => e.key))).toEqual(new Set(keys));
    expect(store.requests).toEqual({ list: 2, get: 0, put: 0, delete: 0 });
  });

  it('treats the prefix as a folder: posts/ does not list posts-old/', async () => {
    const root = uniquePrefix('folder');
    await seedObjects(root, { 'posts/a.md': 'a', 'posts-old/b.md': 'b', 'postscript.md': 'c' });
    const store = createS3Store({ bucket: BUCKET, prefix: `${root}posts`, client: admin });
    expect((await store.list()).map((e) => e.key)).toEqual(['a.md']);
  });

  it('uses the object MD5 without quotes as etag', async () => {
    const prefix = uniquePrefix('etag');
    const store = createS3Store({ bucket: BUCKET, prefix, client: admin });
    await store.put('a.md', 'hello', 'text/markdown');
    expect(await store.list()).toEqual([
      { key: 'a.md', size: 5, etag: createHash('md5').update('hello').digest('hex') },
    ]);
  });

  it('skips folder markers and keys outside the prefix, and reports keys that would escape it', async () => {
    const prefix = uniquePrefix('unsafe');
    await seedObjects('', { [prefix]: '', [`${prefix}drafts/`]: '', [`${prefix}ok.md`]: 'ok' });
    // s3rver cannot hold `a/../b.md` (it normalises the path) or `a//b.md` (404), which real S3
    // can: make the listing say what S3 could say
    const client = server.client();
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const output = result.output as { Contents?: { Key?: string; ETag?: string; Size?: number }[] };
        output.Contents?.push(
          { Key: `${prefix}a/../b.md`, ETag: '"x"', Size: 1 },
          { Key: `${prefix}a//b.md`, ETag: '"x"', Size: 1 },
          { Key: `${prefix}/etc/passwd`, ETag: '"y"', Size: 1 },
          { Key: `${prefix}../../x.md`, ETag: '"y"', Size: 1 },
          { Key: 'elsewhere/x.md', ETag: '"z"', Size: 1 },
        );
        return result;
      },
      { step: 'initialize', name: 'addUnsafeKeys' },
    );
    try {
      const store = createS3Store({ bucket: BUCKET, prefix, client });
      const entries = await store.list();
      expect(entries.filter((e) => e.problem === undefined).map((e) => e.key)).toEqual(['ok.md']);
      expect(entries.filter((e) => e.problem !== undefined).map((e) => [e.key, e.etag, e.problem])).toEqual([
        ['a/../b.md', '', 'its name is refused as unsafe (it has a ".." path segment); rename it'],
        ['a//b.md', '', 'its name is refused as unsafe (it has an empty path segment); rename it'],
        ['/etc/passwd', '', 'its name is refused as unsafe (it starts with "/"); rename it'],
        ['../../x.md', '', 'its name is refused as unsafe (it has a ".." path segment); rename it'],
      ]);
    } finally {
      client.destroy();
    }
  });

  it('lists the whole bucket when the prefix is empty', async () => {
    await server.createBucket('feedbucket-whole');
    await seedObjects('', { 'a.md': 'a', 'posts/b.md': 'b' }, 'feedbucket-whole');
    const store = createS3Store({ bucket: 'feedbucket-whole', prefix: '', client: admin });
    expect((await store.list()).map((e) => e.key).sort()).toEqual(['a.md', 'posts/b.md']);
    expect(new TextDecoder().decode(await store.get('posts/b.md'))).toBe('b');
  });

  it('wraps a missing bucket in a StoreError that names the location and says what to check', async () => {
    const store = createS3Store({ bucket: 'no-such-bucket', prefix: 'posts/', client: admin });
    const listError = await store.list().catch((e: unknown) => e);
    expect(listError).toBeInstanceOf(StoreError);
    expect((listError as Error).message).toMatch(/^could not list s3:\/\/no-such-bucket\/posts\/: NoSuchBucket/);
    expect((listError as Error).message).toContain('does not exist');
    expect(store.requests.list).toBe(1);
    const getError = await store.get('a.md').catch((e: unknown) => e);
    expect(getError).toBeInstanceOf(StoreError);
    expect((getError as StoreError).key).toBe('a.md');
    expect((getError as Error).message).toContain('s3://no-such-bucket/posts/a.md');
  });

  it('takes the region from AWS_REGION, else us-east-1 when none is configured anywhere', async () => {
    const saved = { ...process.env };
    try {
      process.env.AWS_CONFIG_FILE = '/nonexistent/feedbucket/config';
      process.env.AWS_REGION = 'eu-west-3';
      expect(await (await defaultS3Client()).config.region()).toBe('eu-west-3');
      delete process.env.AWS_REGION;
      delete process.env.AWS_DEFAULT_REGION;
      delete process.env.AWS_PROFILE;
      expect(await (await defaultS3Client()).config.region()).toBe('us-east-1');
    } finally {
      for (const name of ['AWS_CONFIG_FILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it('shares one default client across stores, path-style when S3_FORCE_PATH_STYLE=true', async () => {
    const first = await defaultS3Client();
    expect(await defaultS3Client()).toBe(first);
    expect(await first.config.forcePathStyle).toBe(true);
    expect(await first.config.region()).toBe('us-east-1');
    // the SDK resolves AWS_ENDPOINT_URL_S3 itself (s3-faults.test.ts proves the requests arrive)
    const store = await openStore(`s3://${BUCKET}/${uniquePrefix('shared')}`);
    await store.put('x.md', 'x', 'text/markdown');
    expect(await store.list()).toHaveLength(1);
  });
});
