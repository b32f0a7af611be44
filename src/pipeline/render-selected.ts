import pLimit from 'p-limit';
import type { FeedScope } from '../feeds/feed-scopes.ts';
import type { Diagnostic, PostMeta, SiteConfig } from '../model.ts';
import { decodePost } from '../posts/decode.ts';
import { postDiagnostic } from '../posts/diagnostic.ts';
import { linksHold } from '../render/post-links.ts';
import type { RenderedPost, RenderSite } from '../render/render-post.ts';
import { UnreadableObject, type Store } from '../stores/store.ts';
import type { PostBody, PostIndex } from './index-posts.ts';
import { loadParser } from './load-parser.ts';
import { postLinkIndex, renderSite } from './render-site.ts';
import type { LinkIndex } from '../templates/internal-links.ts';

const RENDER_READ_CONCURRENCY = 16;

export interface RenderOutcome {
  rendered: Map<string, RenderedPost>;
  /** Selected posts whose body could not be read again (gone, or no longer parses): out of this run's feeds. */
  unreadable: { key: string; error: string }[];
  /** From the posts rendered in this run: each is reported once per change of the post. */
  warnings: Diagnostic[];
}

type BodyRead = { body: PostBody } | { problem: string };

const CHANGED = 'it changed or disappeared while the build ran; the next run reads it again';

/** The Markdown body of a post whose record is known, read again from the source. */
async function readBody(key: string, source: Store, site: SiteConfig): Promise<BodyRead> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await source.get(key);
  } catch (error) {
    if (!(error instanceof UnreadableObject)) throw error;
    return { problem: `it could not be read (${error.reason}); the next run tries again` };
  }
  const text = bytes && decodePost(key, bytes);
  if (!text?.ok) return { problem: CHANGED };
  const { parsePost } = await loadParser();
  const outcome = parsePost(key, text.text, site);
  return outcome?.ok ? { body: { text: outcome.body, line: outcome.bodyLine, params: outcome.params } } : { problem: CHANGED };
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
  {
    fresh,
    done,
    siteFile,
    beforeRead,
  }: {
    fresh: boolean;
    done?: ReadonlyMap<string, RenderedPost>;
    /** The key of the site's config file, whose values posts may print. */
    siteFile: string | undefined;
    beforeRead: () => void;
  },
): Promise<RenderOutcome> {
  const selected = new Map<string, PostMeta>();
  for (const scope of scopes) for (const post of scope.posts) selected.set(post.key, post);
  const rendered = new Map<string, RenderedPost>();
  const toRender: PostMeta[] = [];
  let links: LinkIndex | undefined;
  const linksOf = () => (links ??= postLinkIndex(config, index));
  for (const post of selected.values()) {
    const cached = done?.get(post.key) ?? cachedRendering(index, post, fresh, linksOf);
    if (cached) rendered.set(post.key, cached);
    else toRender.push(post);
  }
  const unreadable: RenderOutcome['unreadable'] = [];
  const warnings: Diagnostic[] = [];
  if (toRender.length === 0) return { rendered, unreadable, warnings };
  const { renderPost } = await import('../render/render-post.ts');
  let site: Promise<RenderSite> | undefined;
  // The site's config file is read once, and only by a run that renders.
  const renderingSite = () =>
    (site ??= import('./site-data.ts')
      .then(({ readSiteData }) => readSiteData(source, siteFile))
      .then((data) => {
        warnings.push(...data.warnings);
        return renderSite(config, linksOf(), data.values);
      }));
  const limit = pLimit(RENDER_READ_CONCURRENCY);
  await Promise.all(
    toRender.map((post) =>
      limit(async () => {
        const kept = index.bodies.get(post.key);
        if (kept === undefined) beforeRead();
        const read = kept === undefined ? await readBody(post.key, source, config) : { body: kept };
        if ('body' in read) {
          const { body } = read;
          const rendering = renderPost(body.text, { ...post, bodyLine: body.line, params: body.params }, await renderingSite());
          rendered.set(post.key, rendering.rendered);
          warnings.push(...rendering.warnings);
          return;
        }
        // A forced run that cannot read a post again keeps the rendering it last published.
        const lastGood = fresh ? cachedRendering(index, post, false, linksOf) : undefined;
        if (lastGood === undefined) {
          unreadable.push({ key: post.key, error: `${post.key}: ${read.problem}` });
          return;
        }
        rendered.set(post.key, lastGood);
        warnings.push(postDiagnostic(post.key, undefined, `${read.problem} (its last rendering stays published)`));
      }),
    ),
  );
  return { rendered, unreadable, warnings };
}

/**
 * A rendering from the manifest, unless this run has the body, must re-render everything, or a
 * post it links to moved. A post kept at its last good version (its source no longer parses) has
 * only this rendering.
 */
function cachedRendering(index: PostIndex, post: PostMeta, fresh: boolean, links: () => LinkIndex): RenderedPost | undefined {
  const record = index.records.get(post.key);
  const cached = record?.rendered;
  if ((fresh && !record?.error) || index.bodies.has(post.key) || cached?.url !== post.url) return undefined;
  if (cached.links && !record?.error && !linksHold(cached.links, links(), post.key)) return undefined;
  const { url: _url, ...rendering } = cached;
  return rendering;
}
