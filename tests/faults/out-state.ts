/**
 * The output prefix as the fault matrix sees it: read and put back by ETag (one LIST, then only
 * the objects not already known), and checked document by document.
 */
import { feedStylesheet } from '../../src/documents/feed-stylesheet.ts';
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { expect } from 'vitest';
import { MANIFEST, getObject, readFeedSet, type StoredObject } from '../integration/s3-helpers.ts';
import { jsonFeedSchemaErrors, xmlProblem } from '../support/feed-checks.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

export type Objects = ReadonlyMap<string, StoredObject>;

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Every key under `prefix` (relative to it) with its ETag, unquoted. */
async function listTags(client: S3Client, bucket: string, prefix: string): Promise<Map<string, string>> {
  const tags = new Map<string, string>();
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) tags.set(object.Key!.slice(prefix.length), (object.ETag ?? '').replace(/"/g, ''));
  }
  return tags;
}

/**
 * Every object under `prefix`, as `snapshot` reads it, but one whose ETag (S3: the MD5 of its
 * bytes) is that of the same key in a `known` state is taken from there instead of read again.
 */
export async function readOut(client: S3Client, bucket: string, prefix: string, known: readonly Objects[]): Promise<Map<string, StoredObject>> {
  const limit = pLimit(16);
  const tags = await listTags(client, bucket, prefix);
  const entries = await Promise.all(
    [...tags].map(([key, tag]) =>
      limit(async () => {
        const same = known.map((objects) => objects.get(key)).find((object) => object !== undefined && md5(object.body) === tag);
        return [key, same ?? (await getObject(client, bucket, prefix + key))!] as const;
      }),
    ),
  );
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Makes `prefix` hold exactly `objects` again (bytes, content type, cache control). */
export async function restore(client: S3Client, bucket: string, prefix: string, objects: Objects): Promise<void> {
  const stored = await listTags(client, bucket, prefix);
  const puts = [...objects].filter(([key, object]) => stored.get(key) !== md5(object.body));
  const deletes = [...stored.keys()].filter((key) => !objects.has(key));
  await Promise.all([
    ...puts.map(([key, object]) =>
      client.send(
        new PutObjectCommand({ Bucket: bucket, Key: prefix + key, Body: object.body, ContentType: object.contentType, CacheControl: object.cacheControl }),
      ),
    ),
    ...deletes.map((key) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: prefix + key }))),
  ]);
}

/** Feed documents only (not the manifest): key → text. */
export function feedTexts(objects: Objects): Map<string, string> {
  // The browser view's stylesheet is the same bytes in every state, and no feed.
  return new Map([...objects].filter(([key]) => !key.startsWith('.feedbucket/') && key !== STYLESHEET_KEY).map(([key, object]) => [key, object.body]));
}

function documentProblems(key: string, text: string): string[] {
  if (key === STYLESHEET_KEY) return text === feedStylesheet().body.join('') ? [] : ['not the stylesheet the build writes'];
  if (key.endsWith('.xml')) return [xmlProblem(text)].filter((problem) => problem !== undefined);
  try {
    if (key === MANIFEST) parseStoredManifest(text);
    else JSON.parse(text);
  } catch (error) {
    return [(error as Error).message];
  }
  return key === MANIFEST ? [] : jsonFeedSchemaErrors(text);
}

/** Every document parses (XML well-formed, JSON Feed valid, the manifest JSON), the stylesheet is whole; no temporary file. */
export function expectWholeDocuments(objects: Objects, where: string): void {
  for (const [key, object] of objects) {
    expect(key, `${where}: a temporary file left`).not.toMatch(/\.tmp$/);
    expect(documentProblems(key, object.body), `${where}: ${key}`).toEqual([]);
  }
}

/** Items of the main feed in each format. */
export function mainItemCounts(objects: Objects): Record<string, number> {
  return Object.fromEntries(Object.entries(readFeedSet(objects, '')).map(([format, items]) => [format, items.length]));
}

/**
 * Nothing emptied or lost: the main feeds hold at least as many items as `before`, and every
 * feed that both `before` and `wanted` have is still there.
 */
export function expectNothingLost(objects: Objects, before: Objects, wanted: ReadonlyMap<string, string>, where: string): void {
  const counts = mainItemCounts(objects);
  for (const [format, count] of Object.entries(mainItemCounts(before))) {
    expect(counts[format], `${where}: items of the main ${format} feed`).toBeGreaterThanOrEqual(count);
  }
  const kept = [...wanted.keys()].filter((key) => before.has(key));
  expect(kept.filter((key) => !objects.has(key)), `${where}: feeds gone`).toEqual([]);
}

/** Each feed file is whole as one of the two states: as published before, or as the fresh build has it. */
export function expectEachFileOldOrNew(objects: Objects, before: Objects, wanted: ReadonlyMap<string, string>, where: string): void {
  for (const [key, text] of feedTexts(objects)) {
    const state = text === wanted.get(key) ? 'new' : text === before.get(key)?.body ? 'old' : 'neither';
    expect(state, `${where}: ${key} is neither as published before nor as a fresh build has it`).not.toBe('neither');
  }
}

/** Exactly the fresh build's feed files, byte for byte. */
export function expectSameFeeds(objects: Objects, wanted: ReadonlyMap<string, string>, where: string): void {
  const stored = feedTexts(objects);
  expect([...stored.keys()].sort(), `${where}: feed files`).toEqual([...wanted.keys()].sort());
  for (const [key, text] of wanted) expect(stored.get(key), `${where}: ${key}`).toBe(text);
}
