import pLimit from 'p-limit';
import { BuildError } from '../errors.ts';
import type { FeedItem, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { RENDERER_VERSION } from '../render/version.ts';
import { exclusionOf, newestFirst } from '../select/publishable.ts';
import { feedDocument, feedItem } from '../feeds/feed-document.ts';
import { FEED_FILE_NAMES, FEED_FORMATS } from '../feeds/feed-files.ts';
import { feedScopes, type FeedScope } from '../feeds/feed-scopes.ts';
import { emptyRequestCounts, type RequestCounts, type Store } from '../stores/store.ts';
import { indexPosts, readBody, type PostIndex } from './index-posts.ts';
import { isPostKey } from './post-keys.ts';
import { loadManifest, serializeManifest, settingsFingerprint, sha256, type LoadedManifest, type Manifest, type PostRecord } from './manifest.ts';
import { carryOut, planPublish, writeManifest } from './publish.ts';
import type { BuildRequest, BuildSummary } from './types.ts';

/** Time kept in hand for writing when a deadline applies (Lambda). */
const WRITE_RESERVE_MS = 10_000;

async function openStores(config: SiteConfig): Promise<{ source: Store; out: Store }> {
  const { openStore } = await import('../stores/open-store.ts');
  const [source, out] = await Promise.all([openStore(config.source), openStore(config.out)]);
  return { source, out };
}

function assertTimeLeft(request: BuildRequest, stage: string): void {
  const left = request.remainingMs?.();
  if (left !== undefined && left < WRITE_RESERVE_MS) {
    throw new BuildError(
      `stopped before ${stage} with ${Math.round(left / 1000)} s left of the deadline; nothing was half-written. ` +
        'Raise the function timeout, or run a rebuild ({"rebuild": true}) with more time.',
    );
  }
}

/**
 * One build: list → index (manifest + changed posts) → select → render the selected posts
 * → documents → write changed files → manifest, last.
 */
export async function runBuild(request: BuildRequest): Promise<BuildSummary> {
  const started = performance.now();
  const { config } = request;
  const now = (request.now ?? new Date()).toISOString();
  const { source, out } = request.stores ?? (await openStores(config));
  const before = snapshot(source, out);
  // A run that cannot reach the writes must not spend its time reading first.
  assertTimeLeft(request, 'reading the posts');
  const settings = settingsFingerprint(config, RENDERER_VERSION);

  const loaded = await loadManifest(out, settings);
  const previous = loaded.manifest;
  const fresh = request.force === true || previous.settings !== settings;
  const entries = (await source.list()).filter((entry) => isPostKey(entry.key));
  const index = await indexPosts(entries, previous, source, config, fresh, () => assertTimeLeft(request, 'reading the posts'));

  const posts = [...index.records.values()].flatMap((record) => (record.post ? [record.post] : []));
  const { unique, clashes } = uniqueIds(
    posts.filter((post) => exclusionOf(post, now) === undefined),
    index,
  );
  const published = unique.sort(newestFirst);
  if (published.length === 0) {
    throw new BuildError(
      `no post can be published from ${source.location}: ${entries.length} post file(s), ` +
        `${draftCount(index)} draft(s), ${entries.length - posts.length} skipped; nothing was written. ` +
        'Add a post with a title and a date in the past, without draft: true.',
    );
  }
  const scopes = feedScopes(published, config);
  const fingerprint = feedsFingerprint(scopes, index, config);
  const counts = { entries, posts, published, index, loaded, clashes, before };
  if (!fresh && !index.changed && fingerprint === previous.feeds) {
    // Nothing the feeds are made of changed: the scheduled run's common case costs a LIST and a GET.
    const feeds = scopes.flatMap((scope) =>
      FEED_FORMATS.map((format) => ({ key: scope.path + FEED_FILE_NAMES[format], items: scope.posts.length, changed: false })),
    );
    return summarize(request, counts, { feeds, errors: [], deleted: [] }, source, out, started);
  }
  const rendered = await renderSelected(scopes, index, source, config, fresh);
  assertTimeLeft(request, 'rendering the documents');
  const { files, errors, itemCounts } = await buildAllDocuments(scopes, index, rendered, config);

  const failed = new Set(errors.map((error) => error.key));
  const plan = planPublish(files, failed, previous.outputs);
  const manifest: Manifest = {
    version: previous.version,
    settings,
    posts: manifestPosts(index, rendered),
    outputs: plan.outputs,
    ...(errors.length === 0 ? { feeds: fingerprint } : {}),
  };
  const manifestText = serializeManifest(manifest);
  if (!request.dryRun) {
    assertTimeLeft(request, 'writing');
    await carryOut(plan, out);
    if (manifestText !== loaded.text) await writeManifest(out, manifestText);
  }
  const written = new Set(plan.writes.map((file) => file.key));
  const feeds = files.map((file) => ({ key: file.key, items: itemCounts.get(file.key) ?? 0, changed: written.has(file.key) }));
  return summarize(request, counts, { feeds, errors: errors.map((e) => ({ key: e.key, error: e.message })), deleted: plan.deletes }, source, out, started);
}

interface Counted {
  entries: readonly unknown[];
  posts: readonly PostMeta[];
  published: readonly PostMeta[];
  index: PostIndex;
  loaded: LoadedManifest;
  clashes: { key: string; error: string }[];
  /** The stores' request counts when this build started. */
  before: RequestCounts;
}

function summarize(
  request: BuildRequest,
  { entries, posts, published, index, loaded, clashes, before }: Counted,
  outcome: Pick<BuildSummary, 'feeds' | 'errors' | 'deleted'>,
  source: Store,
  out: Store,
  started: number,
): BuildSummary {
  const records = [...index.records.values()];
  return {
    posts: entries.length,
    published: published.length,
    drafts: draftCount(index),
    skipped: [...records.flatMap((r) => (r.error ? [{ key: r.error.key, error: r.error.message }] : [])), ...clashes],
    warnings: [
      ...(loaded.problem ? [{ key: '.feedbucket/manifest.json', warning: loaded.problem }] : []),
      ...records.flatMap((r) => r.warnings.map((w) => ({ key: w.key, warning: w.message }))),
    ],
    ...outcome,
    requests: requestsSince(before, source, out),
    dryRun: request.dryRun === true,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Everything the outputs are made of besides the settings: each feed's path, texts and posts
 * (by ETag and the id they will carry). Equal fingerprints mean byte-equal outputs.
 */
function feedsFingerprint(scopes: readonly FeedScope[], index: PostIndex, config: SiteConfig): string {
  const site = [config.title, config.description, config.language, config.author ?? '', config.limit];
  const feeds = scopes.map((scope) => [
    scope.path,
    scope.title,
    scope.description,
    scope.posts.map((post) => {
      const record = index.records.get(post.key);
      return [post.key, record?.etag, record?.publishedId ?? post.id];
    }),
  ]);
  return sha256(JSON.stringify([site, feeds]));
}

/** Each selected post is rendered once, however many feeds contain it; unchanged ones come from the manifest. */
async function renderSelected(
  scopes: readonly FeedScope[],
  index: PostIndex,
  source: Store,
  config: SiteConfig,
  fresh: boolean,
): Promise<Map<string, RenderedPost>> {
  const selected = new Map<string, PostMeta>();
  for (const scope of scopes) for (const post of scope.posts) selected.set(post.key, post);
  const result = new Map<string, RenderedPost>();
  const toRender: PostMeta[] = [];
  for (const post of selected.values()) {
    const cached = index.records.get(post.key)?.rendered;
    if (!fresh && !index.bodies.has(post.key) && cached?.url === post.url) {
      result.set(post.key, { html: cached.html, summary: cached.summary });
    } else toRender.push(post);
  }
  if (toRender.length === 0) return result;
  const { renderPost } = await import('../render/render-post.ts');
  const limit = pLimit(16);
  await Promise.all(
    toRender.map((post) =>
      limit(async () => {
        const body = index.bodies.get(post.key) ?? (await readBody(post.key, source, config));
        if (body === undefined) throw new BuildError(`${post.key}: it could not be read again for rendering; run the build again`);
        result.set(post.key, renderPost(body, post.url, post.summary));
      }),
    ),
  );
  return result;
}

async function buildAllDocuments(
  scopes: readonly FeedScope[],
  index: PostIndex,
  rendered: ReadonlyMap<string, RenderedPost>,
  config: SiteConfig,
) {
  const { buildDocuments } = await import('../documents/build-documents.ts');
  const items = new Map<string, FeedItem>();
  const itemOf = (post: PostMeta): FeedItem => {
    let item = items.get(post.key);
    if (!item) {
      const record = index.records.get(post.key) as PostRecord;
      record.publishedId ??= post.id;
      item = feedItem({ post, rendered: rendered.get(post.key) as RenderedPost, id: record.publishedId }, config);
      items.set(post.key, item);
    }
    return item;
  };
  const files: OutputFile[] = [];
  const errors: { key: string; message: string }[] = [];
  const itemCounts = new Map<string, number>();
  for (const scope of scopes) {
    const document = feedDocument(scope, scope.posts.map(itemOf), config);
    const built = buildDocuments(document, scope.path);
    files.push(...built.files);
    errors.push(...built.errors);
    for (const file of built.files) itemCounts.set(file.key, document.items.length);
  }
  return { files, errors, itemCounts };
}

/**
 * Records for the next run: rendered HTML only for posts some feed contains. The manifest lies
 * under `out`, which may be public: a draft is kept as a flag, never its title or link; it
 * becomes a post again only through an edit, which changes its ETag.
 */
function manifestPosts(index: PostIndex, rendered: ReadonlyMap<string, RenderedPost>): Record<string, PostRecord> {
  const posts: Record<string, PostRecord> = {};
  for (const [key, record] of index.records) {
    const { rendered: _old, post, ...rest } = record;
    const html = rendered.get(key);
    if (post?.draft) posts[key] = { ...rest, draft: true };
    else if (post && html) posts[key] = { ...rest, post, rendered: { ...html, url: post.url } };
    else posts[key] = post ? { ...rest, post } : rest;
  }
  return posts;
}

function snapshot(source: Store, out: Store): RequestCounts {
  return requestsSince(emptyRequestCounts(), source, out);
}

/** This build's requests only: stores may be reused across builds (tests, a warm Lambda). */
function requestsSince(before: RequestCounts, source: Store, out: Store): RequestCounts {
  const total = emptyRequestCounts();
  for (const store of source === out ? [source] : [source, out]) {
    for (const kind of Object.keys(total) as (keyof RequestCounts)[]) total[kind] += store.requests[kind];
  }
  for (const kind of Object.keys(total) as (keyof RequestCounts)[]) total[kind] -= before[kind];
  return total;
}

function draftCount(index: PostIndex): number {
  let drafts = 0;
  for (const record of index.records.values()) if (record.draft || record.post?.draft) drafts++;
  return drafts;
}

/**
 * Two posts that resolve to the same permalink would share an id, and readers would merge
 * them. The one with the first key keeps it; the others are skipped with the fix.
 */
function uniqueIds(posts: PostMeta[], index: PostIndex): { unique: PostMeta[]; clashes: { key: string; error: string }[] } {
  const owner = new Map<string, string>();
  const unique: PostMeta[] = [];
  const clashes: { key: string; error: string }[] = [];
  for (const post of [...posts].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const id = index.records.get(post.key)?.publishedId ?? post.id;
    const first = owner.get(id);
    if (first === undefined) {
      owner.set(id, post.key);
      unique.push(post);
    } else {
      clashes.push({
        key: post.key,
        error: `${post.key}: its id ${id} is also ${first}'s (same permalink); give one of them its own slug: or url:`,
      });
    }
  }
  return { unique, clashes };
}
