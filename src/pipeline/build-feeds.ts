import { feedDocument, feedItem } from '../feeds/feed-document.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { FeedItem, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import { sha256, type PostRecord } from './manifest.ts';
import type { PostIndex } from './index-posts.ts';

/**
 * Everything the outputs are made of besides the settings: each feed's path, texts and posts
 * (by ETag and the id they will carry). Equal fingerprints mean byte-equal outputs.
 */
export function feedsFingerprint(scopes: readonly FeedScope[], index: PostIndex, config: SiteConfig): string {
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

/**
 * The documents of every feed. Items are made once per post and share its first published id,
 * which is recorded here when the post is published for the first time.
 */
export async function buildAllDocuments(
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

