import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from '../posts/diagnostic.ts';
import type { LinkIndex, LinkKind, LinkUse } from '../templates/internal-links.ts';

export interface PostLinks {
  /** The absolute URL of a linked post, or the site URL of a path that is no post (with a warning). */
  link(kind: LinkKind, target: string, line: number): string;
  /** Every link resolved, to tell later whether a rendering went stale. */
  uses: LinkUse[];
  warnings: Diagnostic[];
}

/** Resolves one post's internal links through the index, keeping what it resolved and what it could not. */
export function postLinks(index: LinkIndex, key: string): PostLinks {
  const uses: LinkUse[] = [];
  const seen = new Set<string>();
  const warnings: Diagnostic[] = [];
  return {
    uses,
    warnings,
    link(kind, target, line) {
      const found = index.resolve(kind, target, key);
      if (!seen.has(`${kind} ${target}`)) uses.push([kind, target, found.url]);
      seen.add(`${kind} ${target}`);
      if (found.notAPost) warnings.push(postDiagnostic(key, line, `${describeLink(kind, target)} names no post in the source; it links to ${found.url}`));
      return found.url;
    },
  };
}

/** Whether each link of a rendering still resolves where it did. */
export function linksHold(uses: readonly LinkUse[], index: LinkIndex, key: string): boolean {
  return uses.every(([kind, target, url]) => index.resolve(kind, target, key).url === url);
}

function describeLink(kind: LinkKind, target: string): string {
  switch (kind) {
    case 'link':
      return `{% link ${target} %}`;
    case 'post_url':
      return `{% post_url ${target} %}`;
    case 'ref':
      return `{{< ref "${target}" >}}`;
    case 'zola':
      return `[…](@/${target})`;
  }
}
