import type { FeedFormat } from '../model.ts';
import { sha256 } from '../text/hash.ts';
import type { FeedFiles } from './feed-files.ts';

/** Where every feed's archive documents go under `out`, side by side: each name is a digest, so none can clash. */
export const ARCHIVE_PREFIX = 'archives/';

/** Each format's file name after the page's name. */
const ARCHIVE_SUFFIXES: Readonly<Record<FeedFormat, string>> = { rss: '.rss.xml', atom: '.atom.xml', json: '.json' };

const NAME_LENGTH = 20;

/** Whether `key` is an archive document as this module names them: nothing else under `archives/` is ours. */
export function isArchiveKey(key: string): boolean {
  return ARCHIVE_KEY.test(key);
}

const ARCHIVE_KEY = new RegExp(`^${ARCHIVE_PREFIX}[0-9a-f]{${NAME_LENGTH}}\\.(?:rss\\.xml|atom\\.xml|json)$`);

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

/**
 * A feed's archived posts (newest first) in pages of `ARCHIVE_PAGE_ITEMS`, counted from the
 * oldest post, so that a post leaving the subscription feed changes only the newest page; pages
 * come back newest first. A page is named by a digest of its posts' digests (`digestOf`, which
 * must cover everything the page shows of a post), the name of the page before it (which it
 * links to) and `feed` (everything else the page shows: the feed's title, links, settings). So a
 * page whose bytes would change gets a new name, and an unchanged page keeps its name, known
 * without writing it.
 */
export function archivePages<Post>(archived: readonly Post[], digestOf: (post: Post) => string, feed: string): ArchivePage<Post>[] {
  const oldestFirst = [...archived].reverse();
  const pages: ArchivePage<Post>[] = [];
  let older: ArchivePage<Post> | undefined;
  for (let start = 0; start < oldestFirst.length; start += ARCHIVE_PAGE_ITEMS) {
    const posts = oldestFirst.slice(start, start + ARCHIVE_PAGE_ITEMS).reverse();
    const name = sha256([feed, older?.name ?? '', ...posts.map(digestOf)].join('\n')).slice(0, NAME_LENGTH);
    const page: ArchivePage<Post> = { name, files: archiveFiles(name), posts, ...(older ? { older: older.files } : {}) };
    pages.push(page);
    older = page;
  }
  return pages.reverse();
}

function archiveFiles(name: string): FeedFiles {
  const key = (format: FeedFormat) => `${ARCHIVE_PREFIX}${name}${ARCHIVE_SUFFIXES[format]}`;
  return { rss: key('rss'), atom: key('atom'), json: key('json') };
}
