import type { BuiltDocuments, DocumentBuilder, OversizedDocument } from '../documents/build-documents.ts';
import { DocumentError } from '../errors.ts';
import { feedDocument, feedItem } from '../feeds/feed-document.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import { FEED_FORMATS } from '../feeds/feed-files.ts';
import type { FeedDocument, FeedFiles, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { sha256 } from '../text/hash.ts';
import { archiveMaker, type BuiltArchives } from './build-archives.ts';
import { oncePerPost } from './once-per-post.ts';

export interface BuiltFeeds {
  files: OutputFile[];
  errors: { key: string; message: string }[];
  /** Files whose feed is made of exactly what their stored bytes were made of: neither built nor written. */
  kept: string[];
  /** Every file this run publishes, built or kept, in feed order. */
  produced: string[];
  /** Feed path → fingerprint of its model and its files, for each feed built without error (and within its budget) or kept. */
  models: Map<string, { fingerprint: string; keys: string[] }>;
  /** File key → how many items its document holds, for every file in `produced`. */
  held: Map<string, number>;
  /** One per feed whose documents left out their oldest items to stay within `maxBytes`. */
  warnings: { key: string; warning: string }[];
}

/**
 * The documents of every feed; items are made once per post, with the id it was first published
 * with. A feed whose model (the items' HTML included) is what its stored files were made from,
 * and whose files are stored as recorded, is not built again: the documents are a pure function
 * of the model and the byte budget under the same settings.
 */
export async function buildAllDocuments(
  scopes: readonly FeedScope[],
  rendered: ReadonlyMap<string, RenderedPost>,
  idOf: (post: PostMeta) => string,
  config: SiteConfig,
  previous: { models: Readonly<Record<string, string>>; storedAsRecorded: (key: string) => boolean },
): Promise<BuiltFeeds> {
  // Each item made and hashed once: a post in several feeds had its HTML stringified and hashed for each.
  const madeOf = oncePerPost((post) => {
    const item = feedItem({ post, rendered: rendered.get(post.key) as RenderedPost, id: idOf(post) }, config);
    return { item, digest: sha256(JSON.stringify(item)) };
  });
  const built: BuiltFeeds = { files: [], errors: [], kept: [], produced: [], models: new Map(), held: new Map(), warnings: [] };
  const taken = new Set<string>();
  // Loaded only if some feed is built; one builder for the run, so that a post in several feeds is written once.
  let buildDocuments: DocumentBuilder | undefined;
  const builder = async () => (buildDocuments ??= (await import('../documents/build-documents.ts')).createDocumentBuilder());
  const archives = archiveMaker(config, idOf, { storedAsRecorded: previous.storedAsRecorded, builder });
  /** The feed's files go into `built` only with its archives, all of them: a feed never links to one that is not stored. */
  const publishArchives = (made: BuiltArchives, keys: readonly string[]): boolean => {
    if (!made.ok) {
      built.errors.push(...made.errors, ...keys.map((key) => archiveFailed(key, made.errors)));
      return false;
    }
    built.files.push(...made.files);
    built.kept.push(...made.kept);
    return true;
  };
  for (const scope of scopes) {
    const keys = FEED_FORMATS.map((format) => scope.files[format]);
    // A term pattern can name a main feed's file (`:slug.xml` and a category `feed`): the first feed keeps it.
    const clash = keys.find((key) => taken.has(key));
    if (clash !== undefined) {
      // Reported under the feed left out, not under the file, which the other feed does write.
      built.errors.push({ key: scope.path, message: `it would overwrite ${clash}, another feed's file; change the "feeds" patterns so that no term's file can be another feed's` });
      continue;
    }
    for (const key of keys) taken.add(key);
    const entries = scope.posts.map(madeOf);
    const feedItems = entries.map((entry) => entry.item);
    const pagesAfter = archives.pagesOf(scope);
    const modelOf = (count: number) => feedDocument(scope, feedItems.slice(0, count), config, pagesAfter(count)[0]?.files);
    const model = modelOf(feedItems.length);
    const fingerprint = sha256(JSON.stringify({ maxBytes: config.maxBytes, model: { ...model, items: entries.map((entry) => entry.digest) } }));
    if (previous.models[scope.path] === fingerprint && keys.every(previous.storedAsRecorded)) {
      if (publishArchives(await archives.build(scope, pagesAfter(feedItems.length)), keys)) {
        built.kept.push(...keys);
        built.produced.push(...keys);
        built.models.set(scope.path, { fingerprint, keys });
        for (const key of keys) built.held.set(key, feedItems.length);
      }
      continue;
    }
    const { documents, held, warning } = withinBudget(await builder(), model, modelOf, scope.files, { maxBytes: config.maxBytes, archived: config.archives });
    if (!publishArchives(await archives.build(scope, pagesAfter(held)), documents.files.map((file) => file.key))) {
      built.errors.push(...documents.errors);
      continue;
    }
    built.files.push(...documents.files);
    built.produced.push(...documents.files.map((file) => file.key));
    built.errors.push(...documents.errors);
    for (const file of documents.files) built.held.set(file.key, held);
    if (warning) built.warnings.push(warning);
    // A feed that left items out is built on every run that builds feeds: how many it holds, and
    // the warning, are known only by building it.
    if (documents.errors.length === 0 && warning === undefined) built.models.set(scope.path, { fingerprint, keys });
  }
  return built;
}

/** A subscription file not written because an archive it would link to could not be built. */
function archiveFailed(key: string, errors: readonly DocumentError[]): DocumentError {
  const keys = errors.map((error) => error.key).join(', ');
  return new DocumentError(`an archive document it would link to could not be built (${keys})`, key);
}

/**
 * The feed's documents with as many of its newest items as keep every one within `maxBytes`, and
 * at least one: each format holds the same items, so the three stay alternates of one feed (and
 * what leaves them is the same posts). The count comes from the items' sizes, measured as they
 * were written, so that takes one more build of the skeletons, not one per item left out; the
 * result is measured again all the same.
 */
function withinBudget(
  build: DocumentBuilder,
  model: FeedDocument,
  modelOf: (count: number) => FeedDocument,
  files: FeedFiles,
  { maxBytes, archived }: { maxBytes: number; archived: boolean },
): { documents: BuiltDocuments; held: number; warning?: { key: string; warning: string } } {
  const total = model.items.length;
  const whole = build(model, files, maxBytes);
  if (whole.oversized.length === 0) return { documents: whole, held: total };
  let documents = whole;
  let held = total;
  while (documents.oversized.length > 0 && held > 1) {
    held = Math.max(1, Math.min(held - 1, ...documents.oversized.map((document) => document.fitting)));
    documents = build(modelOf(held), files, maxBytes);
  }
  return { documents, held, warning: budgetWarning(whole.oversized, documents.oversized, { total, held, maxBytes, archived }) };
}

function budgetWarning(
  whole: readonly OversizedDocument[],
  still: readonly OversizedDocument[],
  { total, held, maxBytes, archived }: { total: number; held: number; maxBytes: number; archived: boolean },
): { key: string; warning: string } {
  const largest = (documents: readonly OversizedDocument[]) => documents.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const { key, bytes } = largest(whole);
  const over = (size: number) => `${size.toLocaleString('en')} bytes, over maxBytes (${maxBytes.toLocaleString('en')})`;
  const left = total - held;
  const [items, verb] = left === 1 ? ['the oldest item', 'is'] : [`the ${left} oldest items`, 'are'];
  // With archives, what leaves the feed is still published, in its archives.
  const leftOut = `${items} ${verb} left out of every format of this feed${archived ? ` and ${verb} in its archives` : ''}`;
  if (still.length === 0) {
    const fix = archived ? 'raise maxBytes to keep them in the feed' : 'raise maxBytes to publish them';
    return { key, warning: `holds the newest ${held} of its ${total} items: all of them would make ${over(bytes)}; ${leftOut}; ${fix}` };
  }
  const fix = 'shorten that post or raise maxBytes';
  if (left === 0) return { key, warning: `its one item makes ${over(bytes)}; it is published all the same (a feed is never empty); ${fix}` };
  return { key, warning: `holds only the newest of its ${total} items, and with that one alone it is ${over(largest(still).bytes)}, kept as a feed is never empty; ${leftOut}; ${fix}` };
}
