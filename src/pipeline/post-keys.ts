import picomatch from 'picomatch';

/**
 * `.md` / `.markdown`, not hidden (`.feedbucket/`), not a Hugo section page (`_index.md`).
 * A folder starting with `_` is a generator's own (`_drafts`, `_site`, `_layouts`, `_includes`)
 * except Jekyll's `_posts`, at any depth (`blog/_posts/`), which holds the posts.
 */
export function isPostKey(key: string): boolean {
  if (!/\.(md|markdown)$/i.test(key)) return false;
  const segments = key.split('/');
  const file = segments.pop() ?? '';
  return isVisible(file) && segments.every((folder) => folder === '_posts' || isVisible(folder));
}

function isVisible(segment: string): boolean {
  return !segment.startsWith('.') && !segment.startsWith('_');
}

/**
 * Post keys that no `exclude` glob names (globs match case-insensitively, as file systems on
 * authors' laptops do). With `onlyJekyllPosts`, only files in `_posts/` are posts: the rest of a
 * Jekyll site (`about.md`, `index.markdown`) are pages.
 */
export function postKeyFilter(exclude: readonly string[], onlyJekyllPosts = false): (key: string) => boolean {
  const excluded = excludedKeys(exclude);
  return (key) => isPostKey(key) && !excluded(key) && (!onlyJekyllPosts || key.split('/').includes('_posts'));
}

/** One regular expression for all the globs: picomatch's own matcher tries each glob in turn, per key. */
function excludedKeys(exclude: readonly string[]): (key: string) => boolean {
  if (exclude.length === 0) return () => false;
  const sources = exclude.map((glob) => picomatch.makeRe(glob, { nocase: true, dot: true }).source);
  const matcher = new RegExp(sources.map((source) => `(?:${source})`).join('|'), 'i');
  return (key) => matcher.test(key);
}
