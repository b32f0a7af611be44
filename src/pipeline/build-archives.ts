import pkg from '../../package.json' with { type: 'json' };
import type { DocumentBuilder } from '../documents/build-documents.ts';
import type { DocumentError } from '../errors.ts';
import { archivePages, type ArchivedEntry, type ArchivePage } from '../feeds/archive-pages.ts';
import { archiveItemBound, documentBound } from '../feeds/archive-size.ts';
import { archiveDocument, archiveItem } from '../feeds/feed-document.ts';
import { FEED_FORMATS } from '../feeds/feed-files.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { FeedItem, OutputFile, PostMeta, SiteConfig } from '../model.ts';
import { sha256 } from '../text/hash.ts';
import { oncePerPost } from './once-per-post.ts';

type Pages = readonly ArchivePage<PostMeta>[];

/** A feed's archives as this run publishes them: the files built, the keys kept as stored, or why they could not be. */
export type BuiltArchives = { ok: true; files: OutputFile[]; kept: string[] } | { ok: false; errors: DocumentError[] };

interface ArchiveMaker {
  /** The feed's archive pages when its subscription documents hold its newest `count` posts. */
  pagesOf(scope: FeedScope): (count: number) => Pages;
  /** The pages' files; a page whose files are stored as recorded is kept unbuilt, its name being a digest of all it is made of. */
  build(scope: FeedScope, pages: Pages): Promise<BuiltArchives>;
}

/**
 * The archives of a run's feeds. Each post's archive item is made and hashed once, however many
 * feeds archive it; what a page shows besides its items and its links (the feed's title, its
 * URLs, the site's language and author, the stylesheet) and the release that writes it go into
 * every one of its names. Nothing else does: a setting that changes no archive's bytes (the site
 * file, a shortcode) renames none. With `archives` off a feed has no archive, even of the posts the
 * byte budget left out.
 */
export function archiveMaker(
  config: SiteConfig,
  idOf: (post: PostMeta) => string,
  { storedAsRecorded, builder }: { storedAsRecorded: (key: string) => boolean; builder: () => Promise<DocumentBuilder> },
): ArchiveMaker {
  const archivedOf = oncePerPost((post): ArchivedEntry & { item: FeedItem } => {
    const item = archiveItem(post, idOf(post), config);
    return { item, digest: sha256(JSON.stringify(item)), bound: archiveItemBound(item) };
  });
  return {
    pagesOf(scope) {
      if (!config.archives) return () => [];
      // The page's own URLs come from its name.
      const { links: _own, ...feed } = archiveDocument(scope, { files: scope.files }, [], config);
      const skeleton = JSON.stringify([pkg.version, feed]);
      // What the page's items may take: the budget less what the rest of the page may.
      const shape = { feed: sha256(skeleton), itemBytes: config.maxBytes - documentBound(skeleton) };
      // Asked for the feed's items, then for as many as it holds: the same count unless the budget cut it.
      const chains = new Map<number, Pages>();
      return (count) => {
        let pages = chains.get(count);
        if (!pages) chains.set(count, (pages = archivePages([...scope.posts.slice(count), ...scope.older], archivedOf, shape)));
        return pages;
      };
    },
    async build(scope, pages) {
      const files: OutputFile[] = [];
      const kept: string[] = [];
      const errors: DocumentError[] = [];
      for (const page of pages) {
        const keys = FEED_FORMATS.map((format) => page.files[format]);
        if (keys.every(storedAsRecorded)) {
          kept.push(...keys);
          continue;
        }
        const model = archiveDocument(scope, page, page.posts.map((post) => archivedOf(post).item), config);
        const documents = (await builder())(model, page.files);
        // Its name being a digest of its bytes, a file stored as recorded holds them: rewriting it would change nothing.
        for (const file of documents.files) {
          if (storedAsRecorded(file.key)) kept.push(file.key);
          else files.push(file);
        }
        errors.push(...documents.errors);
      }
      return errors.length > 0 ? { ok: false, errors } : { ok: true, files, kept };
    },
  };
}
