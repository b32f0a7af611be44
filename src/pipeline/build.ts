import { BuildError, StoreError } from '../errors.ts';
import { FEED_FORMATS, feedFileMatcher } from '../feeds/feed-files.ts';
import { isArchiveKey } from '../feeds/archive-pages.ts';
import { siteUrlOf } from '../feeds/feed-document.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { Diagnostic, Generator, PostMeta, SiteConfig } from '../model.ts';
import { exclusionOf, newestFirst } from '../select/publishable.ts';
import { assignIds } from '../select/unique-ids.ts';
import { compareKeys } from '../text/compare.ts';
import { tagUri } from '../text/tag-uri.ts';
import { WriteConflict, type RequestCounts, type Store } from '../stores/store.ts';
import { feedStylesheet } from '../documents/feed-stylesheet.ts';
import { buildAllDocuments, type BuiltFeeds } from './build-feeds.ts';
import { assertTimeLeft } from './deadline.ts';
import { indexPosts, postEntries, type PostIndex } from './index-posts.ts';
import { loadManifest, MANIFEST_KEY, serializeManifest, settingsFingerprint, storedPosts, type LoadedManifest, type Manifest, type PostRecord } from './manifest.ts';
import { postKeyFilter } from './post-keys.ts';
import { withConventions } from '../posts/generators.ts';
import { siteFileOf } from '../posts/site-file.ts';
import { carryOut, planPublish, writeManifest, type PublishOutcome, type PublishPlan } from './publish.ts';
import { renderSelected } from './render-selected.ts';
import { matchesRecord, storedOutputs, type StoredOutputs } from './stored-outputs.ts';
import { readManifestHead } from './manifest-schema.ts';
import { foreseenUnchanged, unchangedState, unchangedSummary, type UnchangedSummary } from './unchanged.ts';
import { countRequests, requestsSince } from './request-counts.ts';
import type { BuildProgress, BuildRequest, BuildSummary, FeedOutcome, PingOutcome } from './types.ts';
import { DEFAULT_PING_OPTIONS, pingHubs } from './websub.ts';

async function openStores(config: SiteConfig): Promise<{ source: Store; out: Store }> {
  const { openStore } = await import('../stores/open-store.ts');
  const [source, out] = await Promise.all([
    openStore(config.source, { mustExist: 'point source (--source, FEED_SOURCE or "source" in the config file) at the folder that holds your posts' }),
    openStore(config.out),
  ]);
  return { source, out };
}

type Skip = BuildSummary['skipped'][number];

/** A build that keeps finding the manifest rewritten under it gives up after this many plans. */
const PLANS = 5;

/**
 * One build, planned again from a fresh listing and manifest whenever a build that overlapped
 * it wrote the manifest first: the later plan sees that build's work, so none is lost.
 */
export async function runBuild(request: BuildRequest): Promise<BuildSummary> {
  const started = performance.now();
  const stores = request.stores ?? (await openStores(request.config));
  const since = { started, before: countRequests(stores.source, stores.out) };
  // Files an earlier plan wrote are this run's changes too: the next plan finds them stored as it wants them.
  let earlier: readonly string[] = [];
  for (let plan = 1; ; plan++) {
    try {
      const summary = await buildOnce(request, stores, since, earlier);
      if (plan === 1) return summary;
      const warning = `the manifest changed after this build read it (another build wrote it, or this one's write landed but its answer was lost); planned again from what is stored (${plan} plans)`;
      return { ...summary, warnings: [...summary.warnings, { key: MANIFEST_KEY, warning }] };
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      if (error instanceof ManifestOvertaken) earlier = [...earlier, ...error.written];
      if (plan === PLANS) {
        throw new StoreError(`${error.message}; ${PLANS} plans in a row found it rewritten by overlapping builds, so this run stops and the next one finishes the work`, MANIFEST_KEY, { cause: error });
      }
    }
  }
}

/** The manifest was rewritten under a plan after it had written `written`. */
class ManifestOvertaken extends WriteConflict {
  constructor(
    conflict: WriteConflict,
    readonly written: readonly string[],
  ) {
    super(conflict.message, conflict.key, { cause: conflict });
  }
}

/**
 * list → index (manifest + changed posts) → select → render the selected posts → documents →
 * write changed files → manifest, last, over the version read.
 */
async function buildOnce(
  request: BuildRequest,
  { source, out }: { source: Store; out: Store },
  { started, before }: { started: number; before: RequestCounts },
  /** Written by earlier plans of this run. */
  earlier: readonly string[],
): Promise<BuildSummary> {
  const now = (request.now ?? new Date()).toISOString();
  const deadline = (stage: string) => () => assertTimeLeft(request.remainingMs, stage);
  /** `check`, then one more step of `stage` reported. */
  const counted = (check: () => void, stage: BuildProgress['stage'], total: number) => {
    let done = 0;
    return () => {
      check();
      request.onProgress?.({ stage, done: ++done, total });
    };
  };
  // A run that cannot reach the writes must not spend its time reading first.
  deadline('reading the posts')();
  const listing = await source.list();
  // Decided from the keys alone, so every run of the same source reads its posts alike.
  const config = withConventions(request.config, listing.map((entry) => entry.key));
  const isPost = postKeyFilter(config.exclude, config.generator === 'jekyll' && listing.some((entry) => entry.key.split('/').includes('_posts')));
  const entries = postEntries(listing, isPost);
  const siteFile = siteFileOf(listing.filter((entry) => entry.problem === undefined));
  // Posts may print the site file's values: a change to it renders them again.
  const settings = settingsFingerprint(config, siteFile?.etag);

  const salt = request.manifestSalt ?? '';
  const storedManifest = await readStoredManifest(out);
  const isFeedFile = feedFileMatcher(config.feeds);
  // What is stored decides, never what a run that may have died recorded: one LIST of `out`.
  let listedOutputs: StoredOutputs | undefined;
  // Where the posts come from and go to is no input of the feeds: the listing and the manifest's place say the rest.
  const { source: _from, out: _to, ...feedConfig } = request.config;
  const unchangedInputs = { config: feedConfig, listing, now, salt };
  const head = storedManifest && request.force !== true ? readManifestHead(storedManifest.head()) : undefined;
  const foreseen = foreseenUnchanged(head, settings, unchangedInputs);
  if (foreseen) {
    listedOutputs = await storedOutputs(out, isFeedFile, foreseen);
    if (matchesRecord(listedOutputs, foreseen.outputs)) {
      // The head alone answers: a LIST of the posts, a GET of the manifest and a LIST of the feeds.
      const counts = { posts: entries.length, requests: requestsSince(before, source, out), dryRun: request.dryRun === true };
      return unchangedSummary(foreseen.summary, { generator: config.generator, ...counts, durationMs: Math.round(performance.now() - started) });
    }
  }

  const loaded = loadManifest(storedManifest && { text: storedManifest.text(), tag: storedManifest.tag }, settings, salt);
  const previous = loaded.manifest;
  const settingsChanged = previous.settings !== settings;
  const fresh = request.force === true || settingsChanged;
  const index = await indexPosts(entries, previous, source, config, {
    fresh,
    // A last good version parsed under other settings has a stale link and rendering.
    keepLastGood: !settingsChanged,
    now,
    beforeRead: counted(deadline('reading the posts'), 'reading posts', entries.length),
  });

  const { unique, clashes, idOf } = publishablePosts(index, now, config);
  const run: Run = { entries, index, loaded, before, skipped: [...clashes], published: unique.sort(newestFirst), renderWarnings: [], budgetWarnings: [] };
  // Term slugs transliterate with a table that takes ~7 ms to build: a run the head answers never loads it.
  const scoping = await import('../feeds/feed-scopes.ts');
  let scopes = selectFeeds(run, config, source, request.allowShrink === true, scoping);
  const stored = listedOutputs ?? (await storedOutputs(out, isFeedFile, previous));
  // Unanswered by the head (something changed, or the shortcut is missing or sealed with another
  // salt): the long way renders from the manifest's cached HTML, writes the files whose bytes
  // differ and a manifest that answers the next run.

  // Posts that cannot be read again for rendering leave this run's feeds; the others still go out.
  let { rendered, unreadable, warnings } = await renderSelected(scopes, index, source, config, { fresh, siteFile: siteFile?.key, beforeRead: deadline('reading posts to render') });
  run.renderWarnings.push(...warnings);
  while (unreadable.length > 0) {
    const gone = new Set(unreadable.map((skip) => skip.key));
    run.skipped.push(...unreadable);
    run.published = run.published.filter((post) => !gone.has(post.key));
    scopes = selectFeeds(run, config, source, request.allowShrink === true, scoping);
    ({ rendered, unreadable, warnings } = await renderSelected(scopes, index, source, config, { fresh, done: rendered, siteFile: siteFile?.key, beforeRead: deadline('reading posts to render') }));
    run.renderWarnings.push(...warnings);
  }
  // From here on, every post in a feed or an archive owns its id for good.
  for (const scope of scopes) for (const post of [...scope.posts, ...scope.older]) recordId(index, post, idOf(post));

  deadline('rendering the documents')();
  const storedAsRecorded = (key: string) => previous.outputs[key] !== undefined && stored.digests.get(key) === previous.outputs[key];
  const { files, errors, kept, produced, models, held, warnings: budgetWarnings } = await buildAllDocuments(scopes, rendered, idOf, config, {
    models: previous.models ?? {},
    storedAsRecorded,
  });
  run.budgetWarnings = budgetWarnings;
  const archives = [...kept, ...files.map((file) => file.key)].filter(isArchiveKey);
  // A stored feed file that failed stays as last published, linking to the archives it was published with: none is deleted.
  const staying = errors.some((error) => stored.digests.has(error.key));
  const failed = new Set([...errors.map((error) => error.key), ...(staying ? [...stored.digests.keys()].filter(isArchiveKey) : [])]);
  // The stylesheet goes with the feeds that name it; with the browser view off, or no feed left, it is deleted like a feed no one produces.
  const plan = planPublish(config.browserView && produced.length > 0 ? [...files, feedStylesheet()] : files, failed, stored, kept);
  if (!request.allowShrink) refuseSharpShrink(previous, run.published.length, plan, stored, source);
  let outcome: PublishOutcome = { outputs: plan.outputs, listed: {}, written: plan.writes.map((file) => file.key), deleted: plan.deletes, failures: [] };
  if (!request.dryRun) {
    deadline('writing')();
    outcome = await carryOut(plan, stored, out, counted(deadline('writing'), 'writing feed files', plan.writes.length + plan.deletes.length));
    // Only a run that published everything it meant to, and after which the next would read no post
    // again (a post kept at its last good version is read every run), may answer the next from the head.
    const complete = errors.length === 0 && run.skipped.length === clashes.length && outcome.failures.length === 0 && outcome.stopped === undefined;
    const manifest: Manifest = {
      version: previous.version,
      settings,
      posts: storedPosts(index.records, rendered, now),
      outputs: outcome.outputs,
      ...(Object.keys(outcome.listed).length > 0 ? { listed: outcome.listed } : {}),
      models: storedModels(models, plan.outputs, outcome.outputs),
    };
    if (complete && entries.every((entry) => manifest.posts[entry.key]?.etag === entry.etag)) {
      manifest.unchanged = unchangedState(manifest.posts, foreseenSummary(run, manifest.posts, scopes, held, archives.length), unchangedInputs);
    }
    const manifestText = serializeManifest(manifest, salt);
    // After any write, even an unchanged manifest is written: its condition is what tells this run whether another overlapped it.
    const wrote = outcome.written.length + outcome.deleted.length > 0;
    if (manifestText !== loaded.text || wrote) {
      await writeManifest(out, manifestText, loaded.tag).catch((error: unknown) => {
        throw error instanceof WriteConflict ? new ManifestOvertaken(error, outcome.written) : error;
      });
    }
    throwIfUnfinished(outcome, plan.writes.length + plan.deletes.length);
  }
  const written = new Set([...earlier, ...outcome.written]);
  const feeds = produced.map((key) => ({ key, items: held.get(key) ?? 0, changed: written.has(key) }));
  const documentErrors = errors.map((error) => ({ key: error.key, error: error.message }));
  const pings = await announce(request, config, feeds);
  const archiveFiles = archives.length > 0 ? { archives: { files: archives.length, written: archives.filter((key) => written.has(key)).length } } : {};
  return summarize(request, config, run, { feeds, errors: documentErrors, deleted: outcome.deleted.sort(), ...archiveFiles, ...(pings.length > 0 ? { pings } : {}) }, source, out, started);
}

/**
 * After the files and the manifest are written: tells the WebSub hubs of each feed this run
 * wrote. A ping that fails is in the summary; subscribers then get the change at their next poll.
 */
async function announce(request: BuildRequest, config: SiteConfig, feeds: readonly FeedOutcome[]): Promise<PingOutcome[]> {
  const changed = feeds.filter((feed) => feed.changed).map((feed) => siteUrlOf(config, feed.key));
  if (request.dryRun || config.hub === undefined || changed.length === 0) return [];
  return pingHubs(config.hub, changed, { ...DEFAULT_PING_OPTIONS, ...request.pingOptions, remainingMs: request.remainingMs });
}

interface Run {
  entries: readonly unknown[];
  index: PostIndex;
  loaded: LoadedManifest;
  /** The stores' request counts when this build started. */
  before: RequestCounts;
  /** Posts left out by this run beyond their records' errors (id clashes, unreadable). */
  skipped: Skip[];
  published: readonly PostMeta[];
  /** From the posts rendered in this run (template syntax left unexpanded, links to no post). */
  renderWarnings: Diagnostic[];
  /** Set when some tags or categories get no feed (`MAX_TERM_FEEDS`). */
  termWarning?: BuildSummary['warnings'][number] | undefined;
  /** Feeds that left out their oldest items to stay within `maxBytes`. */
  budgetWarnings: BuildSummary['warnings'];
}

/**
 * The feeds for the published posts; an empty main feed is never published. With `allowShrink`,
 * no post left means no feed: every feed file is deleted (unpublished).
 */
function selectFeeds(
  run: Run,
  config: SiteConfig,
  source: Store,
  allowShrink: boolean,
  { feedScopes, MAX_TERM_FEEDS }: typeof import('../feeds/feed-scopes.ts'),
): FeedScope[] {
  run.termWarning = undefined;
  if (run.published.length === 0 && allowShrink) return [];
  if (run.published.length === 0) {
    const records = [...run.index.records.values()];
    throw new BuildError(
      `no post can be published from ${source.location}: ${run.entries.length} post file(s), ` +
        `${draftCount(run.index.records)} draft(s), ${records.filter((r) => r.error).length + run.skipped.length} skipped; nothing was written. ` +
        'Add a post with a title and a date in the past, without draft: true; to unpublish every feed on purpose, run with --allow-shrink (Lambda: {"rebuild": true, "allowShrink": true}).',
    );
  }
  const { scopes, withoutFeed } = feedScopes(run.published, config);
  if (withoutFeed > 0) {
    run.termWarning = {
      key: source.location,
      warning: `${withoutFeed} tag(s) and categories get no feed: at most ${MAX_TERM_FEEDS} do, those with the most posts; merge rarely used tags to give the others one`,
    };
  }
  return scopes;
}

/** The models whose files are all stored as this run made them: a failed write leaves the old file, made from another model. */
function storedModels(models: BuiltFeeds['models'], made: Readonly<Record<string, string>>, stored: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [path, { fingerprint, keys }] of models) if (keys.every((key) => stored[key] === made[key])) kept[path] = fingerprint;
  return kept;
}

/** Decoded as far as it is read: a run that finds nothing changed needs the head line of megabytes of records. */
async function readStoredManifest(out: Store): Promise<{ head: () => string; text: () => string; tag: string } | undefined> {
  const stored = await out.getTagged(MANIFEST_KEY);
  if (!stored) return undefined;
  const { bytes, tag } = stored;
  const decode = (part: Uint8Array) => new TextDecoder().decode(part);
  const lineEnd = bytes.indexOf(0x0a);
  return { head: () => decode(lineEnd === -1 ? bytes : bytes.subarray(0, lineEnd)), text: () => decode(bytes), tag };
}

const byKey = (a: { key: string }, b: { key: string }) => compareKeys(a.key, b.key);

/** What the next run reports if it finds nothing changed, from the records it would load: every skip repeated. */
function foreseenSummary(run: Run, records: Manifest['posts'], scopes: readonly FeedScope[], held: ReadonlyMap<string, number>, archives: number): UnchangedSummary {
  const kept = Object.entries(records);
  return {
    published: run.published.length,
    drafts: draftCount(kept),
    // In key order, so that the same posts seal to the same bytes however the source lists them.
    skipped: [...recordSkips(kept, new Set()), ...run.skipped].sort(byKey),
    warnings: [...recordWarnings(kept), ...(run.termWarning ? [run.termWarning] : []), ...run.budgetWarnings].sort(byKey),
    feeds: scopes.flatMap((scope) => FEED_FORMATS.map((format) => ({ key: scope.files[format], items: held.get(scope.files[format]) ?? 0 }))),
    ...(archives > 0 ? { archives: { files: archives, written: 0 } } : {}),
  };
}

/** The posts to publish now, each with the id it carries; posts whose id cannot be theirs are skipped. */
function publishablePosts(index: PostIndex, now: string, config: SiteConfig) {
  const claimed = new Map([...index.records].flatMap(([key, record]) => (record.publishedId ? [[record.publishedId, key] as const] : [])));
  const { unique, clashes, ids } = assignIds(
    [...index.records.values()].flatMap((record) => (record.post && exclusionOf(record.post, now) === undefined ? [record.post] : [])),
    {
      publishedIdOf: (post) => index.records.get(post.key)?.publishedId,
      claimed,
      currentUrlOf: (key) => index.records.get(key)?.post?.url,
      fallbackId: (post) => tagUri(config.siteUrl, post.date.slice(0, 10), post.key),
    },
  );
  return { unique, clashes, idOf: (post: PostMeta): string => ids.get(post.key) ?? post.id };
}

function recordId(index: PostIndex, post: PostMeta, id: string): void {
  const record = index.records.get(post.key);
  if (record && record.publishedId === undefined) record.publishedId = id;
}

/** Below this many published posts before, any change is ordinary. */
const SHRINK_FLOOR = 10;

/**
 * A source that lost most of its posts, or a run about to delete most term feeds, looks the same
 * as a prefix set too deep, a listing that failed halfway or lost access: nothing is written
 * until the user says it is meant.
 */
function refuseSharpShrink(previous: Manifest, published: number, plan: PublishPlan, stored: StoredOutputs, source: Store): void {
  const before = Object.values(previous.posts).filter((record) => record.post && !record.hidden && !record.error).length;
  // Archives are renamed whenever what they hold changes (a setting, an old post): only subscription feeds count.
  const deleting = plan.deletes.filter((key) => stored.digests.has(key) && !isArchiveKey(key)).length;
  const storedFiles = [...stored.digests.keys()].filter((key) => !isArchiveKey(key)).length;
  const postsHalved = before >= SHRINK_FLOOR && published < before / 2;
  const feedsHalved = storedFiles >= SHRINK_FLOOR * 3 && deleting > storedFiles / 2;
  if (!postsHalved && !feedsHalved) return;
  const what = postsHalved
    ? `the published posts would go from ${before} to ${published}`
    : `${deleting} of the ${storedFiles} feed files would be deleted`;
  throw new BuildError(
    `${what} (posts from ${source.location}): a wrong source prefix, a listing that failed or lost access looks like this, so nothing was written. ` +
      'If the posts are really gone, run again with --allow-shrink (Lambda: {"rebuild": true, "allowShrink": true}).',
  );
}

/** After the manifest recorded what was done: a deadline or a failed write still fails the run. */
function throwIfUnfinished(outcome: PublishOutcome, planned: number): void {
  if (outcome.stopped !== undefined) {
    const done = outcome.written.length + outcome.deleted.length;
    throw new BuildError(
      `stopped after ${done} of ${planned} writes because the deadline was near; every file is whole and the next run ` +
        'writes the rest. Raise the function timeout.',
    );
  }
  const [first] = outcome.failures;
  if (first) throw first.error;
}

function summarize(
  request: BuildRequest,
  config: { generator: Generator },
  { entries, index, loaded, before, skipped, published, renderWarnings, termWarning, budgetWarnings }: Run,
  outcome: Pick<BuildSummary, 'feeds' | 'errors' | 'deleted' | 'pings' | 'archives'>,
  source: Store,
  out: Store,
  started: number,
): BuildSummary {
  return {
    posts: entries.length,
    published: published.length,
    drafts: draftCount(index.records),
    generator: config.generator,
    skipped: [...recordSkips(index.records, index.read), ...skipped],
    warnings: [
      ...(loaded.problem ? [{ key: MANIFEST_KEY, warning: loaded.problem }] : []),
      ...recordWarnings(index.records),
      ...renderWarnings.map((w) => ({ key: w.key, warning: w.message })),
      ...(termWarning ? [termWarning] : []),
      ...budgetWarnings,
    ],
    ...outcome,
    requests: requestsSince(before, source, out),
    dryRun: request.dryRun === true,
    durationMs: Math.round(performance.now() - started),
  };
}

type Records = Iterable<readonly [string, PostRecord]>;

function draftCount(records: Records): number {
  let drafts = 0;
  for (const [, record] of records) if (record.hidden === 'draft' || record.post?.draft) drafts++;
  return drafts;
}

/** A file skipped for the same reason as last run (not read again in this one) is counted, not reported again. */
function recordSkips(records: Records, read: ReadonlySet<string>): Skip[] {
  return [...records].flatMap(([key, r]) => (r.error ? [{ key: r.error.key, error: r.error.message, ...(read.has(key) ? {} : { repeated: true as const }) }] : []));
}

function recordWarnings(records: Records): BuildSummary['warnings'] {
  return [...records].flatMap(([, r]) => r.warnings.map((w) => ({ key: w.key, warning: w.message })));
}
