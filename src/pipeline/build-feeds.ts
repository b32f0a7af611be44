import { feedDocument, feedItem } from '../feeds/feed-document.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import { FEED_FORMATS } from '../feeds/feed-files.ts';
import type { FeedItem, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { sha256 } from '../text/hash.ts';
import type { PostIndex } from './index-posts.ts';

/**
 * Everything the outputs are made of besides the settings: each feed's path, texts and posts
 * (by ETag and the id they will carry). Under the same settings (which name the engine's
 * version), equal fingerprints mean byte-equal outputs.
 */
export function feedsFingerprint(scopes: readonly FeedScope[], index: PostIndex, idOf: (post: PostMeta) => string, config: SiteConfig): string {
  const site = [config.title, config.description, config.language, config.author ?? '', config.limit];
  const feeds = scopes.map((scope) => [
    scope.path,
    scope.files,
    scope.title,
    scope.description,
    scope.posts.map((post) => [post.key, index.records.get(post.key)?.etag, idOf(post)]),
  ]);
  return sha256(JSON.stringify([site, feeds]));
}

/** The documents of every feed; items are made once per post, with the id it was first published with. */
export async function buildAllDocuments(
  scopes: readonly FeedScope[],
  rendered: ReadonlyMap<string, RenderedPost>,
  idOf: (post: PostMeta) => string,
  config: SiteConfig,
) {
  const { buildDocuments } = await import('../documents/build-documents.ts');
  const items = new Map<string, FeedItem>();
  const itemOf = (post: PostMeta): FeedItem => {
    let item = items.get(post.key);
    if (!item) {
      item = feedItem({ post, rendered: rendered.get(post.key) as RenderedPost, id: idOf(post) }, config);
      items.set(post.key, item);
    }
    return item;
  };
  const files: OutputFile[] = [];
  const errors: { key: string; message: string }[] = [];
  const taken = new Set<string>();
  for (const scope of scopes) {
    // A term pattern can name a main feed's file (`:slug.xml` and a category `feed`): the first feed keeps it.
    const clash = FEED_FORMATS.map((format) => scope.files[format]).find((key) => taken.has(key));
    if (clash !== undefined) {
      // Reported under the feed left out, not under the file, which the other feed does write.
      errors.push({ key: scope.path, message: `it would overwrite ${clash}, another feed's file; change the "feeds" patterns so that no term's file can be another feed's` });
      continue;
    }
    for (const format of FEED_FORMATS) taken.add(scope.files[format]);
    const built = buildDocuments(feedDocument(scope, scope.posts.map(itemOf), config), scope.files);
    files.push(...built.files);
    errors.push(...built.errors);
  }
  return { files, errors };
}
