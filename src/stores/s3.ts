import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { setTimeout as pause } from 'node:timers/promises';
import pLimit from 'p-limit';
import { StoreError } from '../errors.ts';
import { checkKey, keyProblem, refusedEntry } from './keys.ts';
import { normaliseS3Prefix } from './s3-location.ts';
import { checkedBody, type GetOutput } from './s3-body.ts';
import { emptyRequestCounts, UnreadableObject, WriteConflict, type Store, type StoreEntry, type TaggedObject } from './store.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix; `posts` and `posts/` are the same, `''` is the whole bucket. */
  prefix: string;
  /** Defaults to one shared client from the standard AWS environment (see `defaultS3Client`). */
  client?: S3Client;
  /** GETs, PUTs and DELETEs in flight at once. */
  concurrency?: number;
}

const DEFAULT_S3_CONCURRENCY = 16;

export interface S3Timeouts {
  /** To open a connection. */
  connectMs: number;
  /** From sending a request to its response's headers (a PUT's upload included); also the longest silence while a body arrives. */
  requestMs: number;
}

/**
 * S3 connects in milliseconds and answers a small object in tens of them: these only cut off a
 * connection or a request that is lost. With 3 attempts a lost GET gives up after about a
 * minute, which a Lambda of 300 s survives, and its deadline guard stops a run before writing.
 */
export const DEFAULT_S3_TIMEOUTS: S3Timeouts = { connectMs: 3_000, requestMs: 20_000 };

/** Requests per operation, the first included, under the SDK's retry strategy. */
const MAX_ATTEMPTS = 3;

/**
 * Whole GETs of one object: the SDK retries a request that fails, not a response whose body
 * arrives short or different from its ETag, which this store then asks for again.
 */
const GET_ATTEMPTS = 3;
const GET_BACKOFF_MS = 100;
/** Tries of a conditional PUT that S3 answers 409 (ConditionalRequestConflict). */
const CONFLICT_ATTEMPTS = 3;

type Sdk = typeof import('@aws-sdk/client-s3');
type HttpHandlers = typeof import('@smithy/node-http-handler');

/**
 * What every S3 client of ours is made with besides where it sends: timeouts and retries.
 * `http` is `@smithy/node-http-handler`, passed in so that local builds never load it.
 */
export function s3ClientSettings(
  http: HttpHandlers,
  { timeouts = {}, maxAttempts = MAX_ATTEMPTS }: { timeouts?: Partial<S3Timeouts>; maxAttempts?: number } = {},
): Pick<S3ClientConfig, 'requestHandler' | 'maxAttempts' | 'retryMode'> {
  const { connectMs, requestMs } = { ...DEFAULT_S3_TIMEOUTS, ...timeouts };
  return {
    requestHandler: new http.NodeHttpHandler({
      connectionTimeout: connectMs,
      requestTimeout: requestMs,
      throwOnRequestTimeout: true, // otherwise only a warning is logged
      // the request timeout stops at the headers: this one also bounds a body that stops arriving
      socketTimeout: requestMs,
    }),
    // Standard: throttling, 5xx, timeouts and lost connections are retried with exponential
    // backoff and jitter, within a retry quota. Not adaptive: its client-side rate limiter would
    // slow every later request of the shared client after one SlowDown.
    retryMode: 'standard',
    maxAttempts,
  };
}

/** The SDK is loaded on first use, so local builds never pay for it. */
let sdk: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  sdk ??= import('@aws-sdk/client-s3').catch((error: unknown) => {
    sdk = undefined;
    throw error;
  });
  return sdk;
}

const clients = new Map<string, Promise<S3Client>>();

/**
 * One S3 client per AWS environment, kept for the life of the process (a Lambda container reuses
 * it across invocations). The SDK reads `AWS_REGION`, the credentials chain and
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` itself; we add `S3_FORCE_PATH_STYLE=true` and
 * `us-east-1` when no region is configured anywhere (env or shared config file).
 */
export function defaultS3Client(): Promise<S3Client> {
  const env = process.env;
  const forcePathStyle = /^(true|1)$/i.test(env.S3_FORCE_PATH_STYLE ?? '');
  const cacheKey = JSON.stringify([
    env.AWS_REGION,
    env.AWS_PROFILE,
    env.AWS_ENDPOINT_URL_S3,
    env.AWS_ENDPOINT_URL,
    forcePathStyle,
  ]);
  let client = clients.get(cacheKey);
  if (!client) {
    client = createClient(forcePathStyle);
    clients.set(cacheKey, client);
    client.catch(() => clients.delete(cacheKey));
  }
  return client;
}

async function createClient(forcePathStyle: boolean): Promise<S3Client> {
  const [{ S3Client }, http] = await Promise.all([loadSdk(), import('@smithy/node-http-handler')]);
  const client = new S3Client({ forcePathStyle, ...s3ClientSettings(http) });
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return new S3Client({ forcePathStyle, region: 'us-east-1', ...s3ClientSettings(http) });
  }
}

export function createS3Store(options: S3StoreOptions): Store {
  const bucket = options.bucket;
  const prefix = normaliseS3Prefix(options.prefix);
  const location = `s3://${bucket}/${prefix}`;
  const limit = pLimit(options.concurrency ?? DEFAULT_S3_CONCURRENCY);
  const requests = emptyRequestCounts();

  async function ready(): Promise<{ s3: Sdk; client: S3Client }> {
    const [s3, client] = await Promise.all([loadSdk(), options.client ?? defaultS3Client()]);
    return { s3, client };
  }

  function failure(action: string, key: string | undefined, error: unknown): StoreError {
    return new StoreError(`could not ${action} ${location}${key ?? ''}: ${describe(error, bucket)}`, key, {
      cause: error,
    });
  }

  /**
   * One GET, its body read whole and checked against the length and MD5 its response announced;
   * a body that fails the check is asked for again, never handed out.
   */
  async function verifiedGet(s3: Sdk, client: S3Client, key: string): Promise<TaggedObject | undefined> {
    let attempts = 0;
    for (let round = 1; ; round++) {
      requests.get++;
      let output: GetOutput;
      try {
        output = await client.send(new s3.GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
      } catch (error) {
        return failedGet(s3, client, key, error, attempts);
      }
      attempts += output.$metadata.attempts ?? 1;
      const body = await checkedBody(output);
      if ('bytes' in body) return { bytes: body.bytes, tag: output.ETag ?? '' };
      if (round === GET_ATTEMPTS) throw new UnreadableObject(location, key, body.problem, attempts);
      await pause(GET_BACKOFF_MS * 2 ** (round - 1));
    }
  }

  /** A GET the SDK gave up on: undefined for a missing key, else an `UnreadableObject` thrown. */
  async function failedGet(s3: Sdk, client: S3Client, key: string, error: unknown, earlier: number): Promise<undefined> {
    if (isNotFound(error)) return undefined;
    const unreadable = (note = '') =>
      new UnreadableObject(location, key, `${describe(error, bucket)}${note}`, earlier + attemptsOf(error), { cause: error });
    if (!isAccessDenied(error)) throw unreadable();
    // S3 answers 403 instead of 404 for a *missing* key when the role may not s3:ListBucket it,
    // so one LIST (Prefix = the key, MaxKeys = 1) tells whether the key exists. The key itself
    // sorts before every longer key it prefixes, so it is the first result if it exists.
    requests.list++;
    let page;
    try {
      page = await client.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + key, MaxKeys: 1 }));
    } catch (listError) {
      const check = `could not list ${location}${key} to tell a missing key from a forbidden one either`;
      throw unreadable(`; ${check}: ${describe(listError, bucket)}`);
    }
    if (page.Contents?.[0]?.Key === prefix + key) throw unreadable();
    return undefined;
  }

  function taggedGet(key: string): Promise<TaggedObject | undefined> {
    checkKey(key);
    return limit(async () => {
      let sdk;
      try {
        sdk = await ready();
      } catch (error) {
        throw failure('get', key, error);
      }
      return verifiedGet(sdk.s3, sdk.client, key);
    });
  }

  return {
    location,
    requests,

    async list() {
      const entries: StoreEntry[] = [];
      let sending = false;
      try {
        const { s3, client } = await ready();
        sending = true;
        const pages = s3.paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix || undefined });
        for await (const page of pages) {
          requests.list++;
          for (const object of page.Contents ?? []) {
            const entry = toEntry(object, prefix);
            if (entry) entries.push(entry);
          }
        }
      } catch (error) {
        if (sending) requests.list++; // the page request that failed
        throw failure('list', undefined, error);
      }
      return entries;
    },

    async get(key) {
      return (await taggedGet(key))?.bytes;
    },

    getTagged: taggedGet,

    async put(key, body, contentType, { condition, cacheControl } = {}) {
      checkKey(key);
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      return limit(async () => {
        for (let round = 1; ; round++) {
          try {
            const { s3, client } = await ready();
            requests.put++;
            const output = await client.send(
              new s3.PutObjectCommand({
                Bucket: bucket,
                Key: prefix + key,
                Body: bytes,
                ContentType: contentType,
                ...(cacheControl === undefined ? {} : { CacheControl: cacheControl }),
                ...(condition && 'ifMatch' in condition ? { IfMatch: condition.ifMatch } : {}),
                ...(condition && 'ifNoneMatch' in condition ? { IfNoneMatch: condition.ifNoneMatch } : {}),
              }),
            );
            return output.ETag?.replace(/^"|"$/g, '');
          } catch (error) {
            if (condition === undefined) throw failure('put', key, error);
            const status = (error as SdkError).$metadata?.httpStatusCode;
            // 409: another conditional write to this key was in flight; S3 asks for a retry.
            if (status === 409 && round < CONFLICT_ATTEMPTS) {
              await pause(GET_BACKOFF_MS * 2 ** (round - 1));
              continue;
            }
            if (status === 412 || status === 409 || isNotFound(error)) {
              throw new WriteConflict(`could not write ${location}${key}: ${describe(error, bucket)}; another build wrote it first`, key, { cause: error });
            }
            throw failure('put', key, error);
          }
        }
      });
    },

    async delete(key) {
      checkKey(key);
      await limit(async () => {
        try {
          const { s3, client } = await ready();
          requests.delete++;
          await client.send(new s3.DeleteObjectCommand({ Bucket: bucket, Key: prefix + key }));
        } catch (error) {
          if (isNotFound(error)) return; // S3 answers 204 anyway; some compatible servers 404
          throw failure('delete', key, error);
        }
      });
    },
  };
}

interface ListedObject {
  Key?: string | undefined;
  ETag?: string | undefined;
  Size?: number | undefined;
  LastModified?: Date | undefined;
}

/** A listed object as an entry (with a problem when its key may not be handed out), or undefined for a folder marker. */
function toEntry(object: ListedObject, prefix: string): StoreEntry | undefined {
  if (object.Key === undefined || !object.Key.startsWith(prefix)) return undefined;
  const key = object.Key.slice(prefix.length);
  // `posts/`, `posts/drafts/`: what the console's "Create folder" leaves, not an object of ours
  if (key === '' || key.endsWith('/')) return undefined;
  const size = object.Size ?? 0;
  const unsafe = keyProblem(key); // `a/../b.md`, `a//b.md`, …: reported, never used
  if (unsafe) return refusedEntry(key, size, unsafe);
  const etag = object.ETag?.replace(/^"|"$/g, '') || `${size}-${object.LastModified?.getTime() ?? 0}`;
  return { key, etag, size };
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** How many requests the SDK made before it gave up (1 for an error it does not retry). */
function attemptsOf(error: unknown): number {
  return (error as SdkError | undefined)?.$metadata?.attempts ?? 1;
}

function isNotFound(error: unknown): boolean {
  const name = (error as SdkError | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}

function isAccessDenied(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as SdkError;
  return name === 'AccessDenied' && ($metadata?.httpStatusCode ?? 403) === 403;
}

function describe(error: unknown, bucket: string): string {
  if (!(error instanceof Error)) return String(error);
  const { name, message, $metadata } = error as SdkError;
  const status = $metadata?.httpStatusCode;
  const text = `${name}: ${message}${status ? ` (HTTP ${status})` : ''}`;
  switch (name) {
    case 'CredentialsProviderError':
      return `${text}; no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role`;
    case 'NoSuchBucket':
      return `${text}; bucket "${bucket}" does not exist (check the bucket name, AWS_REGION and AWS_ENDPOINT_URL_S3)`;
    case 'AccessDenied':
      return `${text}; the credentials in use are not allowed this action on this location (check the IAM policy)`;
    case 'PermanentRedirect':
      return `${text}; the bucket is in another region: set AWS_REGION to the bucket's region`;
    default:
      return text;
  }
}
