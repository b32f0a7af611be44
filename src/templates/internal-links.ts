import type { Generator } from '../model.ts';

/**
 * How a post names another: Jekyll `{% link path %}` (from the site's root) and
 * `{% post_url name %}`, Hugo `{{< ref >}}`/`relref` (from the page, then the content root,
 * or by name), Zola `@/path` (from the content root).
 */
export type LinkKind = 'link' | 'post_url' | 'ref' | 'zola';

export interface LinkTarget {
  /** Absolute URL, with the anchor the author gave. */
  url: string;
  /** Set when the target is no post: the URL is then the site URL of the path as written. */
  notAPost?: true;
}

/** A resolved link a rendering depends on: re-resolved later to tell whether it went stale. */
export type LinkUse = readonly [kind: LinkKind, target: string, url: string];

export interface LinkIndex {
  resolve(kind: LinkKind, target: string, fromKey: string): LinkTarget;
}

const MARKDOWN_EXTENSION = /\.(?:md|markdown|mdown|mkd|mkdn)$/i;
const BUNDLE_INDEX = /^_?index$/;

function stemOf(key: string): string {
  const segments = key.replace(MARKDOWN_EXTENSION, '').split('/');
  const last = segments.pop() ?? '';
  return BUNDLE_INDEX.test(last) && segments.length > 0 ? (segments.pop() ?? last) : last;
}

/** `a/./b/../c` → `a/c`, without leading or trailing slashes; `..` above the root is dropped. */
function normalisePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

function splitAnchor(target: string): { path: string; anchor: string } {
  const at = target.search(/[#?]/);
  return at === -1 ? { path: target, anchor: '' } : { path: target.slice(0, at), anchor: target.slice(at) };
}

/** The folder of a key, with a trailing slash, or '' at the root. */
function folderOf(key: string): string {
  const at = key.lastIndexOf('/');
  return at === -1 ? '' : key.slice(0, at + 1);
}

/**
 * Every post's URL by key, and by name for the links that give only a name. Built once per run
 * from the index; resolving is pure, so a cached rendering can be checked by resolving its links
 * again.
 */
export function linkIndex(posts: Iterable<{ key: string; url: string }>, site: { siteUrl: string; generator: Generator }): LinkIndex {
  const urls = new Map<string, string>();
  const byStem = new Map<string, string[]>();
  for (const { key, url } of posts) {
    urls.set(key, url);
    for (const stem of new Set([stemOf(key), stemOf(key).replace(/^\d{4}-\d{2}-\d{2}-/, '')])) {
      const keys = byStem.get(stem.toLowerCase()) ?? [];
      keys.push(key);
      byStem.set(stem.toLowerCase(), keys);
    }
  }

  const exact = (path: string): string | undefined => {
    if (path === '') return undefined;
    const candidates = MARKDOWN_EXTENSION.test(path)
      ? [path]
      : [`${path}.md`, `${path}.markdown`, `${path}/index.md`, `${path}/_index.md`, `${path}/index.markdown`, path];
    for (const candidate of candidates) {
      for (const key of [candidate, `content/${candidate}`]) if (urls.has(key)) return key;
    }
    return undefined;
  };

  /** A post whose key ends with the path (the source may be a subfolder of the site). */
  const bySuffix = (path: string): string | undefined => {
    const bare = path.replace(MARKDOWN_EXTENSION, '');
    const keys = byStem.get(stemOf(bare).toLowerCase()) ?? [];
    const matching = keys.filter((key) => {
      const keyBare = key.replace(MARKDOWN_EXTENSION, '').replace(/\/_?index$/, '');
      return keyBare === bare || keyBare.endsWith(`/${bare}`) || bare.endsWith(`/${keyBare}`) || !bare.includes('/');
    });
    return matching.length > 0 ? [...matching].sort()[0] : undefined;
  };

  const find = (kind: LinkKind, path: string, fromKey: string): string | undefined => {
    if (kind === 'post_url') {
      // `{% post_url 2010-07-21-name %}` or `{% post_url sub/2010-07-21-name %}`: a file in some `_posts`.
      const name = stemOf(path);
      const folder = folderOf(normalisePath(path));
      const keys = (byStem.get(name.toLowerCase()) ?? []).filter((key) => stemOf(key).toLowerCase() === name.toLowerCase());
      return [...keys].sort().find((key) => folder === '' || key.includes(`/${folder}`) || key.startsWith(folder));
    }
    const absolute = path.startsWith('/');
    const normal = normalisePath(path);
    if (kind === 'ref' && !absolute) {
      const relative = exact(normalisePath(folderOf(fromKey) + path));
      if (relative) return relative;
    }
    return exact(normal) ?? bySuffix(normal);
  };

  const siteUrlOf = (kind: LinkKind, path: string): string => {
    let normal = normalisePath(path).replace(/^content\//, '');
    // Hugo and Zola name a section or page without its file: `{{< relref "community" >}}`.
    if ((kind === 'ref' || kind === 'zola') && !/\.[^/]*$/.test(normal) && normal !== '') normal += '/';
    if (MARKDOWN_EXTENSION.test(normal)) {
      // A page: where its generator would publish it.
      normal =
        site.generator === 'jekyll' || kind === 'link' || kind === 'post_url'
          ? normal.replace(MARKDOWN_EXTENSION, '.html')
          : `${normal.replace(MARKDOWN_EXTENSION, '').replace(/(?:^|\/)_?index$/, '')}/`.replace(/^\/$/, '');
    }
    return new URL(normal, site.siteUrl).href;
  };

  return {
    resolve(kind, target, fromKey) {
      const { path, anchor } = splitAnchor(target.trim());
      if (path === '') return { url: (urls.get(fromKey) ?? site.siteUrl) + anchor };
      const key = find(kind, path, fromKey);
      if (key !== undefined) return { url: (urls.get(key) ?? '') + anchor };
      return { url: siteUrlOf(kind, path) + anchor, notAPost: true };
    },
  };
}
