import { describe, expect, it } from 'vitest';
import { BuildError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { countingStore, keys, NOW, post, siteConfig } from './helpers.ts';

const POSTS = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [`p${String(i).padStart(2, '0')}.md`, post({ title: `Post ${i}`, date: '2026-01-01T00:00:00Z' })]),
);

describe('a deadline that arrives while the posts are read', () => {
  it('stops reading at once, writes nothing and says how to fix it', async () => {
    const source = countingStore(createMemoryStore(POSTS));
    const out = createMemoryStore();
    const reads = () => [...source.gets.values()].reduce((a, b) => a + b, 0);
    const build = runBuild({
      config: siteConfig(),
      now: NOW,
      stores: { source, out },
      remainingMs: () => (reads() < 5 ? 60_000 : 2_000),
    });
    await expect(build).rejects.toBeInstanceOf(BuildError);
    await expect(build).rejects.toThrow(/before reading the posts.*Raise the function timeout/s);
    expect(reads()).toBeLessThan(Object.keys(POSTS).length);
    expect(await keys(out)).toEqual([]);
  });
});
