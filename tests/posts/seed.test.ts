import { describe, expect, it } from 'vitest';
import { parsePost } from '../../src/posts/parse-post.ts';
import { seedPost, siteConfig } from './helpers.ts';

const KEY = 'posts/xen-and-kvm-in-2017.md';

describe('the seed post (xen-and-kvm-in-2017.md)', () => {
  it('parses although its keys year and location are duplicated, and is a draft', () => {
    const outcome = parsePost(KEY, seedPost(), siteConfig());
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.post.draft).toBe(true);
    expect(outcome.post.title).toBe('Xen and KVM in 2017');
    expect(outcome.post.date).toBe('2017-09-14T00:14:21.000Z');
    expect(outcome.post.updated).toBe('2017-09-14T00:14:21.000Z');
    expect(outcome.post.categories).toEqual(['Thoughts']);
    expect(outcome.post.tags).toEqual([]);
    expect(outcome.post.summary).toBeUndefined();
    expect(outcome.post.slug).toBe('xen-and-kvm-in-2017');
    expect(outcome.post.url).toBe('https://blog.example.com/xen-and-kvm-in-2017/');
  });

  it('warns once per duplicated key, naming the file, the key and the line of the repeat', () => {
    const outcome = parsePost(KEY, seedPost(), siteConfig());
    expect(outcome.warnings).toEqual([
      { key: KEY, line: 8, message: expect.stringMatching(/^posts\/xen-and-kvm-in-2017\.md:8: duplicate key "year" \(first at line 5\)/) },
      { key: KEY, line: 9, message: expect.stringMatching(/^posts\/xen-and-kvm-in-2017\.md:9: duplicate key "location" \(first at line 6\)/) },
    ]);
  });

  it('is published once draft is set to false', () => {
    const text = seedPost().replace('draft: true', 'draft: false');
    const outcome = parsePost(KEY, text, siteConfig());
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.post.draft).toBe(false);
    expect(outcome.post.date).toBe('2017-09-14T00:14:21.000Z');
  });

  it('hands over the Markdown body after the closing fence, reference definitions included', () => {
    const outcome = parsePost(KEY, seedPost(), siteConfig());
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.body.startsWith("It's been interesting watching")).toBe(true);
    expect(outcome.body).toContain('[have been closing up]\\:');
    expect(outcome.body).toContain('[StackExchange answer being typical]: https://rubenerd.com/rocky-openstack/');
  });
});
