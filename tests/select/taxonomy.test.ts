import { describe, expect, it } from 'vitest';
import { groupTerms, MAX_SLUG_BYTES, termSlug } from '../../src/select/taxonomy.ts';
import type { PostMeta } from '../../src/model.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const HASHED = /^(.+)-([0-9a-f]{8})$/;

function post(key: string, tags: string[]): PostMeta {
  const date = '2024-03-01T00:00:00.000Z';
  const url = `https://blog.example.com/${key}/`;
  return { key, title: key, date, updated: date, draft: false, slug: key, url, id: url, tags, categories: [], authors: [] };
}

describe('termSlug: length', () => {
  // Tags as they turn up in real front matter: a sentence pasted into `tags:`, a long CJK phrase.
  const LONG_CJK = '日本語'.repeat(40);
  const LONG_ASCII =
    'How we migrated a ten year old Rails monolith to Kubernetes without downtime and what we learned about Postgres';

  it('keeps short slugs as they were', () => {
    expect(termSlug('日本語')).toBe('日本語');
    expect(termSlug('Rust')).toBe('rust');
  });

  it(`cuts a very long CJK tag to whole characters within ${MAX_SLUG_BYTES} bytes, plus a hash`, () => {
    const slug = termSlug(LONG_CJK);
    expect(bytes(slug)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    const [, kept] = HASHED.exec(slug) ?? [];
    expect(kept).toMatch(/^(日本語)+(日本?)?(日)?$/u);
    expect(LONG_CJK.startsWith(kept!)).toBe(true);
  });

  it('cuts a very long ASCII tag at a word boundary, plus a hash', () => {
    const slug = termSlug(LONG_ASCII);
    expect(bytes(slug)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    const [, kept] = HASHED.exec(slug) ?? [];
    expect(kept).toBe('how-we-migrated-a-ten-year-old-rails-monolith-to');
  });

  it('keeps long tags that differ only after the cut apart, and long spellings of one tag together', () => {
    const a = termSlug(`${LONG_ASCII} (part 1)`);
    const b = termSlug(`${LONG_ASCII} (part 2)`);
    expect(a).not.toBe(b);
    expect(termSlug(`${LONG_CJK}一`)).not.toBe(termSlug(`${LONG_CJK}二`));
    expect(termSlug(LONG_ASCII.toUpperCase())).toBe(termSlug(LONG_ASCII));

    const terms = groupTerms([post('a', [`${LONG_ASCII} (part 1)`]), post('b', [`${LONG_ASCII} (part 2)`]), post('c', [LONG_ASCII.toLowerCase(), LONG_ASCII])], 'tags');
    expect(terms.map((term) => term.posts.map((p) => p.key)).sort()).toEqual([['a'], ['b'], ['c']]);
  });

  it('never cuts inside a character made of several code points', () => {
    // Thai: `ที่` and `นี่` are each a consonant with two marks, one character of 9 bytes.
    const thai = `ก${'ที่นี่'.repeat(10)}`;
    const slug = termSlug(thai);
    expect(bytes(slug)).toBeLessThanOrEqual(MAX_SLUG_BYTES);
    const [, kept] = HASHED.exec(slug) ?? [];
    const characters = (text: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((part) => part.segment);
    expect(characters(kept!)).toEqual(characters(thai).slice(0, characters(kept!).length));
    expect(kept).toBe(`ก${'ที่นี่'.repeat(2)}ที่`);
  });
});
