import type { FeedFiles, FeedFormat } from '../model.ts';
import { sha256 } from '../text/hash.ts';
import { regExpLiteral } from '../text/regexp-literal.ts';

/** Where every feed's archive documents go under `out`, side by side: each name is a digest, so none can clash. */
const ARCHIVE_PREFIX = 'archives/';

/** Each format's file name after the page's name. */
const ARCHIVE_SUFFIXES: Readonly<Record<FeedFormat, string>> = { rss: '.rss.xml', atom: '.atom.xml', json: '.json' };

const NAME_LENGTH = 20;

/** Whether `key` is an archive document as this module names them: nothing else under `archives/` is ours. */
export function isArchiveKey(key: string): boolean {
  return ARCHIVE_KEY.test(key);
}

const ARCHIVE_KEY = new RegExp(`^${regExpLiteral(ARCHIVE_PREFIX)}[0-9a-f]{${NAME_LENGTH}}(?:${Object.values(ARCHIVE_SUFFIXES).map(regExpLiteral).join('|')})$`);

/**
 * The most items one archive document holds: a few hundred kilobytes of titles, links and dates,
 * far below any reader's limit, and few enough files that a blog of 10,000 posts and 50 tags
 * lists its out prefix in one request.
 */
export const ARCHIVE_PAGE_ITEMS = 500;

/** One archive document of a feed, in three files. */
export interface ArchivePage<Post> {
  /** A digest of what the page is made of: its items, the page before it, and the feed's own part. */
  name: string;
  files: FeedFiles;
  /** Newest first. */
  posts: Post[];
  /** The files of the page of the posts just older; absent for the oldest. */
  older?: FeedFiles;
}

/** What a page needs of an archived post: the digest of its item and the most bytes the item may take. */
export interface ArchivedEntry {
  digest: string;
  bound: number;
}

/**
 * A feed's archived posts (newest first) in pages counted from the oldest post, so that a post
 * leaving the subscription feed changes only the newest page; pages come back newest first. A
 * page takes posts until it holds `ARCHIVE_PAGE_ITEMS` or the next one's bound would take its
 * items past `itemBytes` (at least one, as a feed). A page is named by a digest of its posts'
 * digests (which must cover everything the page shows of a post), the name of the page before it
 * (which it links to) and `feed` (everything else the page shows: the feed's title, links,
 * settings). So a page whose bytes would change gets a new name, and an unchanged page keeps its
 * name, known without writing it; its bounds depend on its posts and older ones alone.
 */
export function archivePages<Post>(archived: readonly Post[], entryOf: (post: Post) => ArchivedEntry, { feed, itemBytes }: { feed: string; itemBytes: number }): ArchivePage<Post>[] {
  const pages: ArchivePage<Post>[] = [];
  let older: ArchivePage<Post> | undefined;
  let start = archived.length;
  while (start > 0) {
    let end = start;
    let bytes = 0;
    // From the oldest post not yet paged, so that a page's bounds never depend on newer posts.
    while (end > 0 && start - end < ARCHIVE_PAGE_ITEMS) {
      const bound = entryOf(archived[end - 1] as Post).bound;
      if (end < start && bytes + bound > itemBytes) break;
      bytes += bound;
      end--;
    }
    const posts = archived.slice(end, start);
    const name = sha256([feed, older?.name ?? '', ...posts.map((post) => entryOf(post).digest)].join('\n')).slice(0, NAME_LENGTH);
    const page: ArchivePage<Post> = { name, files: archiveFiles(name), posts, ...(older ? { older: older.files } : {}) };
    pages.push(page);
    older = page;
    start = end;
  }
  return pages.reverse();
}

function archiveFiles(name: string): FeedFiles {
  const key = (format: FeedFormat) => `${ARCHIVE_PREFIX}${name}${ARCHIVE_SUFFIXES[format]}`;
  return { rss: key('rss'), atom: key('atom'), json: key('json') };
}
