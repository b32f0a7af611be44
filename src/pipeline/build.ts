import { BuildError } from '../errors.ts';
import { FEED_FILE_NAMES, FEED_FORMATS } from '../feeds/feed-files.ts';
import { feedScopes } from '../feeds/feed-scopes.ts';
import type { PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { RENDERER_VERSION } from '../render/version.ts';
import { exclusionOf, newestFirst } from '../select/publishable.ts';
import { uniqueIds, type IdClash } from '../select/unique-ids.ts';
import type { RequestCounts, Store } from '../stores/store.ts';
import { buildAllDocuments, feedsFingerprint } from './build-feeds.ts';
import { assertTimeLeft } from './deadline.ts';
import { indexPosts, type PostIndex } from './index-posts.ts';
import { renderSelected } from './render-selected.ts';
import { loadManifest, serializeManifest, settingsFingerprint, type LoadedManifest, type Manifest, type PostRecord } from './manifest.ts';
import { isPostKey } from './post-keys.ts';
import { carryOut, planPublish, writeManifest } from './publish.ts';
import { countRequests, requestsSince } from './request-counts.ts';
import type { BuildRequest, BuildSummary } from './types.ts';

async function openStores(config: SiteConfig): Promise<{ source: Store; out: Store }> {
  const { openStore } = await import('../stores/open-store.ts');
  const [source, out] = await Promise.all([openStore(config.source), openStore(config.out)]);
  return { source, out };
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
  const before = countRequests(source, out);
  // A run that cannot reach the writes must not spend its time reading first.
  assertTimeLeft(request.remainingMs, 'reading the posts');
  const settings = settingsFingerprint(config, RENDERER_VERSION);

  const loaded = await loadManifest(out, settings);
  const previous = loaded.manifest;
  const fresh = request.force === true || previous.settings !== settings;
  const entries = (await source.list()).filter((entry) => isPostKey(entry.key));
  const index = await indexPosts(entries, previous, source, config, fresh, () => assertTimeLeft(request.remainingMs, 'reading the posts'));

  const posts = [...index.records.values()].flatMap((record) => (record.post ? [record.post] : []));
  const { unique, clashes } = uniqueIds(
    posts.filter((post) => exclusionOf(post, now) === undefined),
    (post) => index.records.get(post.key)?.publishedId ?? post.id,
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
  assertTimeLeft(request.remainingMs, 'rendering the documents');
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
    assertTimeLeft(request.remainingMs, 'writing');
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
  clashes: IdClash[];
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

function draftCount(index: PostIndex): number {
  let drafts = 0;
  for (const record of index.records.values()) if (record.draft || record.post?.draft) drafts++;
  return drafts;
}

