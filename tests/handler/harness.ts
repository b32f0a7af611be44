/**
 * Runs the Lambda handler as Lambda would against the S3 test server: configuration only from
 * `process.env` (SITE_URL, SITE_TITLE, FEED_SOURCE, FEED_OUT, the AWS endpoint variables), a
 * context object, and the event. The SDK's endpoint is a pass-through fault proxy, so every
 * request the handler makes is seen on the wire; the bucket is read back with a direct client.
 *
 * `invoke` also captures the console and checks the logging contract on every invocation: exactly
 * one line, JSON, carrying the request id.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { expect, vi } from 'vitest';
import { handler, type HandlerResult } from '../../handler/index.ts';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import {
  SITE_TITLE,
  SITE_URL,
  diffSnapshots,
  postText,
  putObjects,
  snapshot,
  wireCounts,
  type StoredObject,
  type TestPost,
  type WireCounts,
} from '../integration/s3-helpers.ts';

export interface LambdaContext {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export function fakeContext(remainingMs: number | (() => number) = 120_000): LambdaContext {
  return {
    awsRequestId: `req-${randomBytes(6).toString('hex')}`,
    getRemainingTimeInMillis: typeof remainingMs === 'number' ? () => remainingMs : remainingMs,
  };
}

const EVENTS = new URL('../fixtures/events/', import.meta.url);

/** A real event JSON from tests/fixtures/events/, parsed fresh (callers may patch it). */
export function eventFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, EVENTS), 'utf8')) as T;
}

export interface S3Record {
  eventSource: string;
  eventName: string;
  s3: { bucket: { name: string; arn: string }; object: { key: string } };
}

/** The real S3 notification fixture with its one record cloned per (bucket, key); keys as S3 sends them (form-encoded). */
export function s3Event(fixture: string, objects: { bucket: string; key: string }[]): { Records: S3Record[] } {
  const [template] = eventFixture<{ Records: S3Record[] }>(fixture).Records;
  return {
    Records: objects.map(({ bucket, key }) => {
      const record = structuredClone(template!);
      record.s3.bucket.name = bucket;
      record.s3.bucket.arn = `arn:aws:s3:::${bucket}`;
      record.s3.object.key = key;
      return record;
    }),
  };
}

/** S3 notification keys are form-encoded like a URL query: space → `+`, `+` → `%2B`. */
export function s3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export interface Invocation {
  result?: HandlerResult;
  error?: Error;
  wire: WireCounts;
  before: Map<string, StoredObject>;
  after: Map<string, StoredObject>;
  /** Everything printed through console.* during the invocation. */
  lines: string[];
  /** The one log line, parsed. */
  log: Record<string, unknown>;
  context: LambdaContext;
  /** `Date.now()` when the handler's promise settled. */
  settledAt: number;
}

export interface Harness {
  server: S3TestServer;
  proxy: FaultProxy;
  direct: S3Client;
  bucket: string;
  /** A fresh site under `<name>/posts/` → `<name>/public/`, made current (FEED_SOURCE / FEED_OUT). */
  useSite(name: string, options?: { postsPrefix?: string }): Site;
  /** `faults` are injected into the proxy for this invocation only. */
  invoke(event: unknown, context?: LambdaContext, faults?: FaultRule[]): Promise<Invocation>;
  stop(): Promise<void>;
}

export interface Site {
  postsPrefix: string;
  outPrefix: string;
  upload(posts: TestPost[]): Promise<void>;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export async function startHarness(bucket: string): Promise<Harness> {
  const server = await startS3Server({ buckets: [bucket] });
  const proxy = await startFaultProxy(server.endpoint);
  const direct = server.client();
  const names = ['SITE_URL', 'SITE_TITLE', 'FEED_SOURCE', 'FEED_OUT', ...Object.keys(server.env)];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  Object.assign(process.env, server.env, { AWS_ENDPOINT_URL_S3: proxy.endpoint, SITE_URL, SITE_TITLE });
  let current: Site | undefined;

  return {
    server,
    proxy,
    direct,
    bucket,
    useSite(name, options = {}) {
      const postsPrefix = options.postsPrefix ?? `${name}/posts/`;
      const outPrefix = `${name}/public/`;
      process.env.FEED_SOURCE = `s3://${bucket}/${postsPrefix}`;
      process.env.FEED_OUT = `s3://${bucket}/${outPrefix}`;
      current = {
        postsPrefix,
        outPrefix,
        upload: (posts) => putObjects(direct, bucket, posts.map((post) => [postsPrefix + post.key, postText(post)] as const)),
      };
      return current;
    },
    async invoke(event, context = fakeContext(), faults = []) {
      if (!current) throw new Error('useSite() first');
      const before = await snapshot(direct, bucket, current.outPrefix);
      proxy.reset();
      for (const fault of faults) proxy.inject(fault);
      const lines: string[] = [];
      const spies = CONSOLE_METHODS.map((method) =>
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          lines.push(args.map(String).join(' '));
        }),
      );
      let result: HandlerResult | undefined;
      let error: Error | undefined;
      try {
        result = await handler(event, context);
      } catch (caught) {
        error = caught as Error;
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      const settledAt = Date.now();
      const wire = wireCounts(proxy.requests);
      proxy.reset();
      const after = await snapshot(direct, bucket, current.outPrefix);

      // the logging contract, on every invocation
      expect(lines, 'exactly one log line per invocation').toHaveLength(1);
      const log = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(log.requestId).toBe(context.awsRequestId);
      expect(typeof log.level).toBe('string');
      return {
        ...(result !== undefined ? { result } : {}),
        ...(error !== undefined ? { error } : {}),
        wire,
        before,
        after,
        lines,
        log,
        context,
        settledAt,
      };
    },
    async stop() {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      direct.destroy();
      await proxy.stop();
      await server.stop();
    },
  };
}

/** Nothing under the output prefix was created, changed or removed. */
export function expectNothingWritten(invocation: Invocation): void {
  expect(invocation.wire.put).toBe(0);
  expect(invocation.wire.delete).toBe(0);
  expect(diffSnapshots(invocation.before, invocation.after)).toEqual({ changed: [], added: [], removed: [] });
}

export const NO_REQUESTS: WireCounts = { list: 0, get: 0, put: 0, delete: 0, other: 0 };

/** A few posts dated in the past (the handler uses the real clock). */
export function samplePosts(count: number, tag = 'notes'): TestPost[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `sample-${i + 1}.md`,
    title: `Sample ${i + 1}`,
    date: new Date(Date.UTC(2024, 0, 1 + i, 9)).toISOString(),
    tags: i % 2 === 0 ? [tag] : [],
  }));
}
