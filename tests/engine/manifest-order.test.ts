import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/pipeline/manifest.ts';
import { serializeManifest } from '../../src/pipeline/manifest.ts';

/** The order the records are written in, worked out the slow, generic way. */
function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedDeep((value as Record<string, unknown>)[key])]),
  );
}

/** Every optional field set, each object built with its keys in reverse order. */
const full: PostRecord = {
  warnings: [{ message: 'duplicate key "title"', line: 3, key: 'a/b.md' }],
  rendered: { url: 'https://example.com/b/', summary: 'Sum', links: [['ref', 'x.md', 'https://example.com/x/']], html: '<p>B</p>' },
  publishedId: 'https://example.com/b/',
  post: {
    url: 'https://example.com/b/',
    updated: '2024-01-02T00:00:00.000Z',
    title: 'B',
    tags: ['t'],
    summary: 'S',
    slug: 'b',
    publishDate: '2024-01-01T00:00:00.000Z',
    key: 'a/b.md',
    image: 'https://example.com/i.png',
    comments: 'https://example.com/b/#comments',
    id: 'https://example.com/b/',
    expiryDate: '2030-01-01T00:00:00.000Z',
    excerptSeparator: '<!--cut-->',
    draft: false,
    date: '2024-01-01T00:00:00.000Z',
    categories: ['c'],
    authors: [{ url: 'https://example.com/me', name: 'Me', email: 'me@example.com' }],
  },
  etag: '"abc"',
  error: { message: 'bad date', line: 2, key: 'a/b.md' },
};

describe('the stored records', () => {
  it('are written with the keys of every object in code-unit order, whatever order they were built in', () => {
    const text = serializeManifest({ version: 2, settings: 's', outputs: {}, posts: { 'z.md': full, 'a/b.md': { ...full, publishedId: undefined } } }, 'salt');
    const records = text.split('\n')[1] as string;
    expect(records).toBe(JSON.stringify(sortedDeep(JSON.parse(records))));
    expect(Object.keys(JSON.parse(records))).toEqual(['a/b.md', 'z.md']);
    expect(JSON.parse(records)['z.md']).toEqual(sortedDeep(full));
  });
});
