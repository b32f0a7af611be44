/**
 * `.feedbucket/manifest.json` as stored, and reading it back. It lies under `out`, where anyone
 * may have served, cached or damaged it, and a run may have died beside it: nothing in it is used
 * before it is validated here, and a manifest that fails is not half-trusted but rebuilt, keeping
 * only the first-published ids that can still be read (they must never change).
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { PostMeta } from '../model.ts';
import type { Manifest, PostRecord } from './manifest.ts';

// zod/mini has no messages of its own (every issue says "Invalid input"); the warning for a damaged
// manifest names what is wrong in zod's English, as classic zod does.
z.config(en());

/** Bumped when the manifest's shape changes; ids are carried across. */
export const MANIFEST_VERSION = 2;

/** As `Date#toISOString` writes it (feeds turn it back into dates), years 0 to 9999 and beyond. */
const instant = z.string().check(z.regex(/^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'not an ISO 8601 UTC instant'));
const iri = z.string().check(z.refine((value) => URL.canParse(value), 'not an absolute IRI'));

const diagnostic = z.object({ key: z.string(), line: z.optional(z.number().check(z.int(), z.positive())), message: z.string() });

const postMeta = z.object({
  key: z.string(),
  title: z.string(),
  date: instant,
  updated: instant,
  publishDate: z.optional(instant),
  expiryDate: z.optional(instant),
  draft: z.boolean(),
  slug: z.string(),
  url: iri,
  id: iri,
  summary: z.optional(z.string()),
  excerptSeparator: z.optional(z.string()),
  tags: z.array(z.string()),
  categories: z.array(z.string()),
  authors: z.array(z.object({ name: z.string(), email: z.optional(z.string()), url: z.optional(iri) })),
  image: z.optional(iri),
  comments: z.optional(iri),
}) satisfies z.ZodMiniType<PostMeta>;

const rendered = z.object({
  html: z.string(),
  summary: z.string(),
  links: z.optional(z.array(z.readonly(z.tuple([z.enum(['link', 'post_url', 'ref', 'zola']), z.string(), z.string()])))),
  url: iri,
});

/** A post the feeds may hold, under its key: all they need of it, so an unchanged post is not read again. */
const publishedRecord = z.object({
  etag: z.string(),
  post: postMeta,
  warnings: z.array(diagnostic),
  publishedId: z.optional(iri),
  rendered: z.optional(rendered),
}) satisfies z.ZodMiniType<PostRecord>;

/** A post in no feed: why (hidden, or the error it was skipped for), and what decides when it is read again. */
const unpublishedFields = {
  etag: z.string(),
  hidden: z.optional(z.enum(['draft', 'future', 'expired'])),
  dueAt: z.optional(instant),
  error: z.optional(diagnostic),
  publishedId: z.optional(iri),
};
const saysWhy = (record: { hidden?: unknown; error?: unknown }) => (record.hidden === undefined) !== (record.error === undefined);
const WHY = 'a post in no feed needs either "hidden" or "error"';

/** Stored as is only by feedbucket 0.3.0 (drafts under an unsalted hash, skipped posts under their key). */
const unpublishedRecord = z.object(unpublishedFields).check(z.refine(saysWhy, WHY));

/** What a sealed record holds once opened: an unpublished record and the key it belongs to. */
const sealedRecord = z.object({ key: z.string(), ...unpublishedFields }).check(z.refine(saysWhy, WHY));

export type SealedRecord = z.infer<typeof sealedRecord>;

const headShape = z.object({
  version: z.literal(MANIFEST_VERSION),
  settings: z.string(),
  outputs: z.record(z.string(), z.string()),
  models: z.optional(z.record(z.string(), z.string())),
  listed: z.optional(z.record(z.string(), z.string())),
  unchanged: z.optional(z.string()),
  /** A keyed digest of the records line as written (see `readManifest`). */
  records: z.optional(z.string()),
});

const manifestShape = z.extend(headShape, {
  // Each record is checked on its own below, so a problem is named by its key.
  posts: z.record(z.string(), z.unknown()),
});

export type ManifestHead = z.infer<typeof headShape>;

/**
 * The stored text is two lines: the head (everything but the records), then the records. A run
 * that finds nothing changed reads the head alone. (A manifest of one line, as 0.3.0 wrote it,
 * holds the records in it.)
 */
function splitLines(text: string): { head: string; records: string | undefined } {
  const end = text.indexOf('\n');
  const records = end === -1 ? undefined : text.slice(end + 1).trim();
  return { head: end === -1 ? text : text.slice(0, end), records: records === '' ? undefined : records };
}

/** The head, when it is valid; undefined sends the run the long way, which reads and reports everything. */
export function readManifestHead(text: string): ManifestHead | undefined {
  const head = headShape.safeParse(parseJson(splitLines(text).head));
  return head.success ? head.data : undefined;
}

export type ManifestReading =
  | {
      ok: true;
      manifest: Manifest;
      /** Sealed records that did not open: sealed with another salt, or damaged. Their posts are read again. */
      unopened: number;
    }
  | {
      ok: false;
      /** What is wrong, for the run's warning. */
      problem: string;
      /** Every first-published id that could still be read, by the key it was stored under. */
      ids: Map<string, string>;
    };

export interface ManifestKeys {
  /** Turns a sealed record back into its JSON text, or gives undefined when it cannot. */
  open: (sealed: string) => string | undefined;
  /** Whether `digest` is the keyed digest of `records`: then the line is exactly as a run of ours wrote it. */
  vouches: (records: string, digest: string) => boolean;
}

/**
 * The stored text → the manifest the build reads, unsealed and keyed by post; never throws.
 * Records under the head's keyed digest are taken as written (they were checked when they were
 * made, under this version): checking 10,000 of them again cost a run that changed one post ~70 ms.
 */
export function readManifest(text: string, { open, vouches }: ManifestKeys): ManifestReading {
  let data: unknown;
  let vouched = false;
  try {
    const { head, records } = splitLines(text);
    data = JSON.parse(head);
    if (records !== undefined && isObject(data)) {
      vouched = typeof data.records === 'string' && vouches(records, data.records);
      data = { ...data, posts: JSON.parse(records) as unknown };
    }
  } catch (error) {
    return { ok: false, problem: `it is not valid JSON (${(error as Error).message}); rebuilding the index`, ids: new Map() };
  }
  const damaged = (detail: string): ManifestReading => ({
    ok: false,
    problem: `it is damaged (${detail}); rebuilding the index, keeping the first-published ids it still holds`,
    ids: readableIds(data, open),
  });
  if (isObject(data) && data.version !== MANIFEST_VERSION) {
    return { ok: false, problem: 'it was written by another version; rebuilding the index', ids: readableIds(data, open) };
  }
  const shape = manifestShape.safeParse(data);
  if (!shape.success) return damaged(describeIssue(shape.error, []));

  const posts: Record<string, PostRecord> = {};
  let unopened = 0;
  for (const [storedKey, value] of Object.entries(shape.data.posts)) {
    let key = storedKey;
    let record: PostRecord;
    if (typeof value === 'string') {
      const opened = open(value);
      if (opened === undefined) {
        unopened++;
        continue;
      }
      const sealed = sealedRecord.safeParse(parseJson(opened));
      if (!sealed.success) return damaged(describeIssue(sealed.error, ['posts', storedKey, '(sealed)']));
      const { key: owner, ...unsealed } = sealed.data;
      key = owner;
      record = { ...unsealed, warnings: [] };
    } else {
      const schema = isObject(value) && 'post' in value ? publishedRecord : unpublishedRecord;
      const parsed = vouched ? { success: true as const, data: value as PostRecord } : schema.safeParse(value);
      if (!parsed.success) return damaged(describeIssue(parsed.error, ['posts', storedKey]));
      record = { warnings: [], ...parsed.data };
    }
    if (Object.hasOwn(posts, key)) return damaged(`two records for ${JSON.stringify(key)}`);
    posts[key] = record;
  }
  const { version, settings, outputs, models, listed, unchanged } = shape.data;
  const manifest: Manifest = {
    version,
    settings,
    posts,
    outputs,
    ...(models === undefined ? {} : { models }),
    ...(listed === undefined ? {} : { listed }),
    ...(unchanged === undefined ? {} : { unchanged }),
  };
  return { ok: true, manifest, unopened };
}

/** From anything JSON.parse returned: each record's first-published id, wherever one can be read. */
function readableIds(data: unknown, open: ManifestKeys['open']): Map<string, string> {
  const ids = new Map<string, string>();
  const posts = isObject(data) && isObject(data.posts) ? data.posts : {};
  for (const [storedKey, value] of Object.entries(posts)) {
    const sealed = typeof value === 'string';
    const record = sealed ? parseJson(open(value)) : value;
    if (!isObject(record)) continue;
    const key = sealed ? record.key : storedKey;
    const id = iri.safeParse(record.publishedId);
    if (id.success && typeof key === 'string') ids.set(key, id.data);
  }
  return ids;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first issue, where it is: `posts["a.md"].post.tags: expected array, received string`. */
function describeIssue(error: z.core.$ZodError, at: readonly string[]): string {
  const issue = error.issues[0];
  const path = [...at, ...(issue?.path ?? []).map(String)];
  const where = path.map((part, i) => (i === 0 ? part : /^[A-Za-z_]\w*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`)).join('');
  return `${where || 'the top level'}: ${issue?.message ?? 'invalid'}`;
}
