/**
 * Helpers shared by the S3 integration and handler tests: uploading posts with bounded
 * concurrency, snapshots of an output prefix read straight from the server (not through the
 * engine), request counts as seen on the wire (through the fault proxy), and the three feed
 * formats read back with the independent readers of tests/support/feed-checks.ts.
 */
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { readAtomItems, readJsonItems, readRssItems, type ReadItem } from '../support/feed-checks.ts';
import type { ProxiedRequest } from '../support/fault-proxy.ts';

export const SITE_URL = 'https://blog.example.com/';
export const SITE_TITLE = 'Bucket Blog';
export const FORMATS = ['rss.xml', 'atom.xml', 'feed.json'] as const;
export const MANIFEST = '.feedbucket/manifest.json';

// ---------------------------------------------------------------- posts

export interface TestPost {
  /** Key relative to the posts prefix. */
  key: string;
  title: string;
  /** ISO 8601 UTC. */
  date: string;
  /** ISO 8601 UTC: not published before this instant. */
  publishDate?: string;
  tags?: string[];
  categories?: string[];
  draft?: boolean;
  /** Front-matter slug; the engine derives it from the file name when absent. */
  slug?: string;
  body?: string;
}

/** The slug the engine uses: front matter, else the file name without extension. */
export function slugOf(post: TestPost): string {
  return post.slug ?? post.key.split('/').pop()!.replace(/\.(md|markdown)$/i, '');
}

export function urlOf(post: TestPost): string {
  return `${SITE_URL}${encodeURIComponent(slugOf(post))}/`;
}

/** The post as a Markdown file with YAML front matter. */
export function postText(post: TestPost): string {
  const lines = ['---', `title: ${JSON.stringify(post.title)}`, `date: ${post.date}`];
  if (post.publishDate !== undefined) lines.push(`publishDate: ${post.publishDate}`);
  if (post.slug !== undefined) lines.push(`slug: ${JSON.stringify(post.slug)}`);
  if (post.draft !== undefined) lines.push(`draft: ${post.draft}`);
  if (post.tags?.length) lines.push(`tags: ${JSON.stringify(post.tags)}`);
  if (post.categories?.length) lines.push(`categories: ${JSON.stringify(post.categories)}`);
  lines.push('---', '', post.body ?? `The body of ${post.title}. See [the archive](../archive/).`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------- the bucket, directly

export async function putObjects(
  client: S3Client,
  bucket: string,
  objects: ReadonlyArray<readonly [key: string, body: string]>,
  concurrency = 32,
): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(
    objects.map(([key, body]) =>
      limit(() => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/markdown' }))),
    ),
  );
}

export async function deleteObjects(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))));
}

/** Every key under `prefix` (full keys). */
export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys.sort();
}

export interface StoredObject {
  body: string;
  etag: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

export async function getObject(client: S3Client, bucket: string, key: string): Promise<StoredObject | undefined> {
  try {
    const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return {
      body: (await output.Body?.transformToString('utf-8')) ?? '',
      etag: output.ETag ?? '',
      contentType: output.ContentType,
      cacheControl: output.CacheControl,
    };
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/** Every object under `prefix`, keyed relative to it, read straight from the server. */
export async function snapshot(client: S3Client, bucket: string, prefix: string): Promise<Map<string, StoredObject>> {
  const keys = await listKeys(client, bucket, prefix);
  const limit = pLimit(16);
  const entries = await Promise.all(
    keys.map((key) => limit(async () => [key.slice(prefix.length), (await getObject(client, bucket, key))!] as const)),
  );
  return new Map(entries);
}

/** Keys whose bytes differ, appeared or disappeared between two snapshots. */
export function diffSnapshots(
  before: ReadonlyMap<string, StoredObject>,
  after: ReadonlyMap<string, StoredObject>,
): { changed: string[]; added: string[]; removed: string[] } {
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [key, object] of after) {
    const old = before.get(key);
    if (!old) added.push(key);
    else if (old.body !== object.body) changed.push(key);
  }
  for (const key of before.keys()) if (!after.has(key)) removed.push(key);
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}

// ---------------------------------------------------------------- requests on the wire

export interface WireCounts {
  list: number;
  get: number;
  put: number;
  delete: number;
  other: number;
}

/** The requests that got an answer below 500 (see `wireCounts`). */
export function answered(requests: readonly ProxiedRequest[]): ProxiedRequest[] {
  return requests.filter((request) => request.outcome !== 'dropped' && request.outcome < 500);
}

/**
 * What the proxy forwarded, by S3 operation (ListObjectsV2 is a GET with `list-type=2`): the
 * requests that got an answer (2xx, 3xx, 4xx such as the manifest's first 404). Attempts that
 * got a 5xx or lost their connection are the SDK's retries, not the engine's requests: s3rver
 * answers 500 now and then to concurrent DELETEs in one folder (it removes the emptied folder
 * while another DELETE is in it), and the SDK retries them.
 */
export function wireCounts(requests: readonly ProxiedRequest[]): WireCounts {
  const counts: WireCounts = { list: 0, get: 0, put: 0, delete: 0, other: 0 };
  for (const request of answered(requests)) {
    if (request.method === 'GET' && /[?&]list-type=2(&|$)/.test(request.query)) counts.list++;
    else if (request.method === 'GET') counts.get++;
    else if (request.method === 'PUT') counts.put++;
    else if (request.method === 'DELETE') counts.delete++;
    else counts.other++;
  }
  return counts;
}

// ---------------------------------------------------------------- feeds

/** Items of one scope as each format reads (a Record, so `Object.values` keeps the type). */
export type FeedSet = Record<'rss' | 'atom' | 'json', ReadItem[]>;

/** The three documents of one scope (`''`, `tags/x/`), parsed by the independent readers. */
export function readFeedSet(objects: ReadonlyMap<string, StoredObject>, scope: string): FeedSet {
  const text = (name: string) => {
    const object = objects.get(`${scope}${name}`);
    if (!object) throw new Error(`${scope}${name} is not in the output`);
    return object.body;
  };
  return { rss: readRssItems(text('rss.xml')), atom: readAtomItems(text('atom.xml')), json: readJsonItems(text('feed.json')) };
}

/** Output keys that are feed documents (not the manifest). */
export function feedKeys(objects: ReadonlyMap<string, StoredObject>): string[] {
  return [...objects.keys()].filter((key) => !key.startsWith('.feedbucket/') && key !== STYLESHEET_KEY).sort();
}

/** The three file keys of each scope. */
export function scopeFiles(scopes: Iterable<string>): string[] {
  return [...scopes].flatMap((scope) => FORMATS.map((name) => `${scope}${name}`)).sort();
}
