import type { DocumentBuilder } from '../documents/build-documents.ts';
import { feedDocument, feedItem } from '../feeds/feed-document.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import { FEED_FORMATS } from '../feeds/feed-files.ts';
import type { FeedItem, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { sha256 } from '../text/hash.ts';

export interface BuiltFeeds {
  files: OutputFile[];
  errors: { key: string; message: string }[];
  /** Files whose feed is made of exactly what their stored bytes were made of: neither built nor written. */
  kept: string[];
  /** Every file this run publishes, built or kept, in feed order. */
  produced: string[];
  /** Feed path → fingerprint of its model and its files, for each feed built without error or kept. */
  models: Map<string, { fingerprint: string; keys: string[] }>;
}

/**
 * The documents of every feed; items are made once per post, with the id it was first published
 * with. A feed whose model (the items' HTML included) is what its stored files were made from,
 * and whose files are stored as recorded, is not built again: the documents are a pure function
 * of the model under the same settings.
 */
export async function buildAllDocuments(
  scopes: readonly FeedScope[],
  rendered: ReadonlyMap<string, RenderedPost>,
  idOf: (post: PostMeta) => string,
  config: SiteConfig,
  previous: { models: Readonly<Record<string, string>>; storedAsRecorded: (key: string) => boolean },
): Promise<BuiltFeeds> {
  const items = new Map<string, FeedItem>();
  const itemOf = (post: PostMeta): FeedItem => {
    let item = items.get(post.key);
    if (!item) {
      item = feedItem({ post, rendered: rendered.get(post.key) as RenderedPost, id: idOf(post) }, config);
      items.set(post.key, item);
    }
    return item;
  };
  const built: BuiltFeeds = { files: [], errors: [], kept: [], produced: [], models: new Map() };
  const taken = new Set<string>();
  // Loaded only if some feed is built; one builder for the run, so that a post in several feeds is written once.
  let buildDocuments: DocumentBuilder | undefined;
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
    const model = feedDocument(scope, scope.posts.map(itemOf), config);
    const fingerprint = sha256(JSON.stringify(model));
    if (previous.models[scope.path] === fingerprint && keys.every(previous.storedAsRecorded)) {
      built.kept.push(...keys);
      built.produced.push(...keys);
      built.models.set(scope.path, { fingerprint, keys });
      continue;
    }
    buildDocuments ??= (await import('../documents/build-documents.ts')).createDocumentBuilder();
    const documents = buildDocuments(model, scope.files);
    built.files.push(...documents.files);
    built.produced.push(...documents.files.map((file) => file.key));
    built.errors.push(...documents.errors);
    if (documents.errors.length === 0) built.models.set(scope.path, { fingerprint, keys });
  }
  return built;
}
