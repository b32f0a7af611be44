import type { Node, Tag } from './scan.ts';

/** Liquid tags that never take a body, so an `end…` tag cannot close them. */
const LIQUID_SINGLES = new Set([
  'assign', 'include', 'include_relative', 'render', 'link', 'post_url', 'increment', 'decrement', 'cycle',
  'break', 'continue', 'else', 'elsif', 'when', 'echo', 'liquid', 'layout', 'seo', 'feed_meta',
]);

/**
 * Deeper pairs are read as single tags (and their closes as stray): expansion recurses once per
 * level, and no real post nests shortcodes this deep.
 */
const MAX_NESTING = 64;

/** What a close tag closes: Hugo `{{< /x >}}` an `x`, Liquid `{% endx %}` an `x`, Tera `{% end %}` any body. */
function pairKey(tag: Tag): string | undefined {
  if (tag.print || tag.selfClosing || tag.body !== undefined) return undefined;
  if (tag.family === 'tera') return tag.close || tag.teraBody ? 'tera' : undefined;
  if (tag.family === 'liquid' && !tag.close && LIQUID_SINGLES.has(tag.name)) return undefined;
  return `${tag.family}:${tag.name}`;
}

/**
 * Opening tags and the tags that close them, by node index. An open tag left unclosed is a
 * single one (as in Hugo, where a shortcode is paired only if its closing tag follows); a close
 * tag that closes nothing is stray. Nested pairs close innermost first; a close that skips over
 * open tags leaves those single.
 */
export function pairTags(nodes: readonly Node[]): { pairs: Map<number, number>; stray: Set<number> } {
  const pairs = new Map<number, number>();
  const stray = new Set<number>();
  const open: { index: number; key: string }[] = [];
  const openCount = new Map<string, number>();
  nodes.forEach((node, index) => {
    if (node.kind !== 'tag') return;
    const key = pairKey(node.tag);
    if (key === undefined) return;
    if (!node.tag.close) {
      if (open.length >= MAX_NESTING) return;
      open.push({ index, key });
      openCount.set(key, (openCount.get(key) ?? 0) + 1);
      return;
    }
    if (!openCount.get(key)) {
      stray.add(index);
      return;
    }
    for (let top = open.pop(); top !== undefined; top = open.pop()) {
      openCount.set(top.key, (openCount.get(top.key) ?? 1) - 1);
      if (top.key === key) {
        pairs.set(top.index, index);
        break;
      }
    }
  });
  return { pairs, stray };
}
