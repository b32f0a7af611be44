import type { S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { StoreError } from '../errors.ts';
import { checkKey, isSafeKey } from './keys.ts';
import { normaliseS3Prefix } from './s3-location.ts';
import { emptyRequestCounts, type Store, type StoreEntry } from './store.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix; `posts` and `posts/` are the same, `''` is the whole bucket. */
  prefix: string;
  /** Defaults to one shared client from the standard AWS environment (see `defaultS3Client`). */
  client?: S3Client;
  /** GETs, PUTs and DELETEs in flight at once. */
  concurrency?: number;
  /** `Cache-Control` of every PUT. */
  cacheControl?: string;
}

const DEFAULT_S3_CONCURRENCY = 16;
const DEFAULT_CACHE_CONTROL = 'max-age=300';

type Sdk = typeof import('@aws-sdk/client-s3');

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
  const { S3Client } = await loadSdk();
  const client = new S3Client({ forcePathStyle });
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return new S3Client({ forcePathStyle, region: 'us-east-1' });
  }
}

export function createS3Store(options: S3StoreOptions): Store {
  const bucket = options.bucket;
  const prefix = normaliseS3Prefix(options.prefix);
  const location = `s3://${bucket}/${prefix}`;
  const cacheControl = options.cacheControl ?? DEFAULT_CACHE_CONTROL;
  const limit = pLimit(options.concurrency ?? DEFAULT_S3_CONCURRENCY);
  const requests = emptyRequestCounts();

  async function ready(): Promise<{ s3: Sdk; client: S3Client }> {
    const [s3, client] = await Promise.all([loadSdk(), options.client ?? defaultS3Client()]);
    return { s3, client };
  }

  function failure(action: string, key: string | undefined, error: unknown, note = ''): StoreError {
    return new StoreError(`could not ${action} ${location}${key ?? ''}: ${describe(error, bucket)}${note}`, key, {
      cause: error,
    });
  }

  /**
   * After a GET answered 403 AccessDenied: S3 gives that instead of 404 for a *missing* key when
   * the role may not s3:ListBucket it, so one LIST (Prefix = the key, MaxKeys = 1) tells whether
   * the key exists. The key itself sorts before every longer key it prefixes, so it is the first
   * result if it exists. Answers the error to throw, or undefined when the key is missing.
   */
  async function deniedGet(s3: Sdk, client: S3Client, key: string, denied: unknown): Promise<StoreError | undefined> {
    requests.list++;
    let page;
    try {
      page = await client.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + key, MaxKeys: 1 }));
    } catch (error) {
      const check = `could not list ${location}${key} to tell a missing key from a forbidden one either`;
      return failure('get', key, denied, `; ${check}: ${describe(error, bucket)}`);
    }
    if (page.Contents?.[0]?.Key === prefix + key) return failure('get', key, denied);
    return undefined;
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
      checkKey(key);
      return limit(async () => {
        let sdk: { s3: Sdk; client: S3Client } | undefined;
        try {
          sdk = await ready();
          requests.get++;
          const output = await sdk.client.send(new sdk.s3.GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
          return output.Body ? await output.Body.transformToByteArray() : new Uint8Array();
        } catch (error) {
          if (isNotFound(error)) return undefined;
          if (sdk && isAccessDenied(error)) {
            const denied = await deniedGet(sdk.s3, sdk.client, key, error);
            if (denied) throw denied;
            return undefined;
          }
          throw failure('get', key, error);
        }
      });
    },

    async put(key, body, contentType) {
      checkKey(key);
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      await limit(async () => {
        try {
          const { s3, client } = await ready();
          requests.put++;
          await client.send(
            new s3.PutObjectCommand({
              Bucket: bucket,
              Key: prefix + key,
              Body: bytes,
              ContentType: contentType,
              CacheControl: cacheControl,
            }),
          );
        } catch (error) {
          throw failure('put', key, error);
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

/** A listed object as an entry, or undefined when its key is not one a store may hand out. */
function toEntry(object: ListedObject, prefix: string): StoreEntry | undefined {
  if (object.Key === undefined || !object.Key.startsWith(prefix)) return undefined;
  const key = object.Key.slice(prefix.length);
  // folder markers (`posts/`, `posts/drafts/`), `a/../b.md`, `a//b.md`, …: skipped, never used
  if (!isSafeKey(key)) return undefined;
  const size = object.Size ?? 0;
  const etag = object.ETag?.replace(/^"|"$/g, '') || `${size}-${object.LastModified?.getTime() ?? 0}`;
  return { key, etag, size };
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
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
