/**
 * The build the fault matrix breaks: 25 tagged posts already published, then one change that
 * both writes and deletes feeds (a post edited, one added with a new tag, one deleted with the
 * only use of its tag). `plannedRequests` replays that change on memory stores, so the request
 * positions (and the test names) are known when the tests are collected; the S3 probe run
 * checks that the wire sees the same sequence.
 */
import { resolveConfig } from '../../src/config/resolve.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import type { Store } from '../../src/stores/store.ts';
import { MANIFEST, SITE_TITLE, SITE_URL, postText, type TestPost } from '../integration/s3-helpers.ts';

export const NOW = new Date('2025-06-01T00:00:00Z');

const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];

function post(n: number, changes: Partial<TestPost> = {}): TestPost {
  return {
    key: `p${String(n).padStart(2, '0')}.md`,
    title: `Post ${n}`,
    date: new Date(Date.UTC(2024, 0, n, 9)).toISOString(),
    tags: [...new Set([TAGS[n % 5]!, TAGS[(2 * n + 1) % 5]!])],
    categories: [n % 3 === 0 ? 'notes' : 'essays'],
    body: `${'A paragraph long enough to be cut in half. '.repeat(12)}End of post ${n}.`,
    ...changes,
  };
}

const DELETED = post(22, { tags: [...post(22).tags!, 'farewell'] });
export const EDITED_BEFORE = post(24);
export const EDITED = post(24, { title: 'Post 24, revised', body: 'Rewritten from scratch.' });
const ADDED = post(26, { tags: [...post(26).tags!, 'fresh'] });

/** Before the change: p01–p25 (20 of them in the main feed), p22 alone tagged `farewell`. */
export const POSTS_BEFORE: TestPost[] = Array.from({ length: 25 }, (_, i) => (i + 1 === 22 ? DELETED : post(i + 1)));

/** The change: objects put (key relative to the posts prefix → text) and keys deleted. */
export const CHANGE = {
  put: [EDITED, ADDED].map((p) => [p.key, postText(p)] as const),
  delete: [DELETED.key],
};

export function siteConfig(bucket: string, source: string, out: string): SiteConfig {
  return resolveConfig({
    env: { SITE_URL, SITE_TITLE, PERMALINK: '/:slug/', FEED_SOURCE: `s3://${bucket}/${source}`, FEED_OUT: `s3://${bucket}/${out}` },
  });
}

/** What one request of the build is for; the wire shows the first word as its method (a LIST is a GET). */
export type Role = 'LIST posts' | 'GET manifest' | 'GET post' | 'LIST feeds' | 'PUT feed' | 'DELETE feed' | 'PUT manifest';

export interface PlannedRequest {
  role: Role;
  /** Relative to its store's prefix; '' for a LIST. */
  key: string;
}

/** The wire operation of a role: LIST, GET, PUT or DELETE. */
export const operationOf = (role: Role): string => role.split(' ')[0]!;

/** Records every request a store is asked for, in call order (a Proxy, so any store method passes through). */
function logged(store: Store, side: 'source' | 'out', log: PlannedRequest[]): Store {
  const roleOf = (method: string, key: string): Role | undefined => {
    const manifest = key === MANIFEST;
    if (method === 'list') return side === 'source' ? 'LIST posts' : 'LIST feeds';
    if (method === 'get' || method === 'getTagged') return side === 'source' ? 'GET post' : manifest ? 'GET manifest' : undefined;
    if (method === 'put') return manifest ? 'PUT manifest' : 'PUT feed';
    if (method === 'delete') return 'DELETE feed';
    return undefined;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const key = typeof args[0] === 'string' ? args[0] : '';
        const role = roleOf(String(property), key);
        // anything else (a GET of a feed file: ETags that are not MD5s) keeps its method's name, for the probe to fail on
        log.push({ role: role ?? (`${String(property)} ${side}` as Role), key });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The requests of the change's build, in order, as the engine makes them against stores with S3's ETags. */
export async function plannedRequests(config: SiteConfig): Promise<PlannedRequest[]> {
  const source = createMemoryStore(Object.fromEntries(POSTS_BEFORE.map((p) => [p.key, postText(p)])));
  const out = createMemoryStore();
  await runBuild({ config, now: NOW, stores: { source, out } });
  for (const [key, text] of CHANGE.put) await source.put(key, text, 'text/markdown');
  for (const key of CHANGE.delete) await source.delete(key);
  const log: PlannedRequest[] = [];
  await runBuild({ config, now: NOW, stores: { source: logged(source, 'source', log), out: logged(out, 'out', log) } });
  return log;
}
