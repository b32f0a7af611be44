/**
 * The Cache-Control each file is written with: one registry by kind of file, and every write of a
 * build through it (the S3 store sends it: tests/integration/s3-incremental.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { OutputKind } from '../../src/model.ts';
import { CACHE_CONTROL } from '../../src/pipeline/cache-control.ts';
import { buildMemory, post } from './helpers.ts';

const maxAge = (value: string) => Number(/(?:^|,\s*)max-age=(\d+)/.exec(value)?.[1]);

describe('the Cache-Control registry', () => {
  const directives = (kind: OutputKind) => CACHE_CONTROL[kind].split(/,\s*/);

  it('holds every kind, and only those', () => {
    expect(Object.keys(CACHE_CONTROL).sort()).toEqual(['archive', 'feed', 'page', 'state']);
  });

  it('lets readers poll a feed every 5 to 15 minutes, and keeps a page longer', () => {
    expect(maxAge(CACHE_CONTROL.feed)).toBeGreaterThanOrEqual(300);
    expect(maxAge(CACHE_CONTROL.feed)).toBeLessThanOrEqual(900);
    expect(maxAge(CACHE_CONTROL.page)).toBeGreaterThan(maxAge(CACHE_CONTROL.feed));
  });

  it('lets shared caches keep what readers get, marks only archives immutable (for a year), and has caches revalidate the state', () => {
    for (const kind of ['feed', 'archive', 'page'] as const) expect(directives(kind), kind).toContain('public');
    expect((['feed', 'archive', 'page', 'state'] as const).filter((kind) => directives(kind).includes('immutable'))).toEqual(['archive']);
    expect(maxAge(CACHE_CONTROL.archive)).toBe(31536000);
    expect(directives('state')).toEqual(['no-cache']);
  });
});

describe('a build', () => {
  it('writes every feed file with the feed Cache-Control and the manifest with no-cache', async () => {
    const { summary, out } = await buildMemory({
      'a.md': post({ title: 'A', date: '2026-05-02T00:00:00Z', tags: ['x'] }),
      'b.md': post({ title: 'B', date: '2026-05-01T00:00:00Z', categories: ['Y'] }),
    });
    expect(summary.feeds.length).toBe(9);
    for (const { key } of summary.feeds) expect(out.cacheControl(key), key).toBe('public, max-age=600');
    expect(out.cacheControl('.feedbucket/manifest.json')).toBe('no-cache');
  });
});
