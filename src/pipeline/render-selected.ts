import pLimit from 'p-limit';
import { BuildError } from '../errors.ts';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { PostMeta, SiteConfig } from '../model.ts';
import type { RenderedPost } from '../render/render-post.ts';
import type { Store } from '../stores/store.ts';
import { readBody, type PostIndex } from './index-posts.ts';

const RENDER_READ_CONCURRENCY = 16;

/** Each selected post is rendered once, however many feeds contain it; unchanged ones come from the manifest. */
export async function renderSelected(
  scopes: readonly FeedScope[],
  index: PostIndex,
  source: Store,
  config: SiteConfig,
  fresh: boolean,
): Promise<Map<string, RenderedPost>> {
  const selected = new Map<string, PostMeta>();
  for (const scope of scopes) for (const post of scope.posts) selected.set(post.key, post);
  const result = new Map<string, RenderedPost>();
  const toRender: PostMeta[] = [];
  for (const post of selected.values()) {
    const cached = index.records.get(post.key)?.rendered;
    if (!fresh && !index.bodies.has(post.key) && cached?.url === post.url) {
      result.set(post.key, { html: cached.html, summary: cached.summary });
    } else toRender.push(post);
  }
  if (toRender.length === 0) return result;
  const { renderPost } = await import('../render/render-post.ts');
  const limit = pLimit(RENDER_READ_CONCURRENCY);
  await Promise.all(
    toRender.map((post) =>
      limit(async () => {
        const body = index.bodies.get(post.key) ?? (await readBody(post.key, source, config));
        if (body === undefined) throw new BuildError(`${post.key}: it could not be read again for rendering; run the build again`);
        result.set(post.key, renderPost(body, post.url, post.summary));
      }),
    ),
  );
  return result;
}

