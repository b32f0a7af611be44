import pLimit from 'p-limit';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { PostMeta, SiteConfig } from '../model.ts';
import { decodePost } from '../posts/decode.ts';
import { loadParser } from './load-parser.ts';
import type { RenderedPost } from '../render/render-post.ts';
import type { Store } from '../stores/store.ts';
import type { PostIndex } from './index-posts.ts';

const RENDER_READ_CONCURRENCY = 16;

export interface RenderOutcome {
  rendered: Map<string, RenderedPost>;
  /** Selected posts whose body could not be read again (gone, or no longer parses): out of this run's feeds. */
  unreadable: { key: string; error: string }[];
}

/** The Markdown body of a post whose record is known, read again from the source. */
async function readBody(key: string, source: Store, site: SiteConfig): Promise<string | undefined> {
  const bytes = await source.get(key);
  const text = bytes && decodePost(key, bytes);
  if (!text?.ok) return undefined;
  const { parsePost } = await loadParser();
  const outcome = parsePost(key, text.text, site);
  return outcome?.ok ? outcome.body : undefined;
}

/**
 * Each selected post is rendered once, however many feeds contain it; unchanged ones come from
 * the manifest. `done` holds what earlier rounds of this run already rendered.
 */
export async function renderSelected(
  scopes: readonly FeedScope[],
  index: PostIndex,
  source: Store,
  config: SiteConfig,
  { fresh, done, beforeRead }: { fresh: boolean; done?: ReadonlyMap<string, RenderedPost>; beforeRead: () => void },
): Promise<RenderOutcome> {
  const selected = new Map<string, PostMeta>();
  for (const scope of scopes) for (const post of scope.posts) selected.set(post.key, post);
  const rendered = new Map<string, RenderedPost>();
  const toRender: PostMeta[] = [];
  for (const post of selected.values()) {
    const cached = done?.get(post.key) ?? cachedRendering(index, post, fresh);
    if (cached) rendered.set(post.key, cached);
    else toRender.push(post);
  }
  const unreadable: RenderOutcome['unreadable'] = [];
  if (toRender.length === 0) return { rendered, unreadable };
  const { renderPost } = await import('../render/render-post.ts');
  const limit = pLimit(RENDER_READ_CONCURRENCY);
  await Promise.all(
    toRender.map((post) =>
      limit(async () => {
        let body = index.bodies.get(post.key);
        if (body === undefined) {
          beforeRead();
          body = await readBody(post.key, source, config);
        }
        if (body === undefined) {
          unreadable.push({ key: post.key, error: `${post.key}: it changed or disappeared while the build ran; the next run reads it again` });
        } else rendered.set(post.key, renderPost(body, post.url, post));
      }),
    ),
  );
  return { rendered, unreadable };
}

/**
 * A rendering from the manifest, unless this run has the body or must re-render everything. A
 * post kept at its last good version (its source no longer parses) has only this rendering.
 */
function cachedRendering(index: PostIndex, post: PostMeta, fresh: boolean): RenderedPost | undefined {
  const record = index.records.get(post.key);
  const cached = record?.rendered;
  if ((fresh && !record?.error) || index.bodies.has(post.key) || cached?.url !== post.url) return undefined;
  return { html: cached.html, summary: cached.summary };
}
