import { describe, expect, it } from 'vitest';
import type { PostMeta } from '../../src/model.ts';
import { assignIds } from '../../src/select/unique-ids.ts';

const SITE = 'https://blog.example.com/';

function meta(key: string, slug: string, id?: string): PostMeta {
  const url = `${SITE}${slug}/`;
  return {
    key,
    title: key,
    date: '2024-05-06T07:08:09.000Z',
    updated: '2024-05-06T07:08:09.000Z',
    draft: false,
    slug,
    url,
    id: id ?? url,
    tags: [],
    categories: [],
    authors: [],
  };
}

const fallbackId = (post: PostMeta) => `tag:blog.example.com,2024-05-06:${post.key}`;

describe('assignIds', () => {
  it('gives every post its link as id when nothing clashes, and keeps ids already published', () => {
    const posts = [meta('a.md', 'a'), meta('b.md', 'b-renamed')];
    const published = new Map([['b.md', `${SITE}b/`]]);
    const { unique, clashes, ids } = assignIds(posts, {
      publishedIdOf: (post) => published.get(post.key),
      claimed: new Map([[`${SITE}b/`, 'b.md']]),
      fallbackId,
    });
    expect(unique.map((post) => post.key)).toEqual(['b.md', 'a.md']);
    expect(clashes).toEqual([]);
    expect(Object.fromEntries(ids)).toEqual({ 'a.md': `${SITE}a/`, 'b.md': `${SITE}b/` });
  });

  it('gives a newcomer an id of its own when its link was the first id of a post that has moved', () => {
    const owner = meta('a.md', 'a-renamed');
    const newcomer = meta('c.md', 'a');
    const { unique, clashes, ids } = assignIds([newcomer, owner], {
      publishedIdOf: (post) => (post.key === 'a.md' ? `${SITE}a/` : undefined),
      claimed: new Map([[`${SITE}a/`, 'a.md']]),
      fallbackId,
    });
    expect(clashes).toEqual([]);
    expect(unique).toHaveLength(2);
    expect(ids.get('a.md')).toBe(`${SITE}a/`);
    expect(ids.get('c.md')).toBe('tag:blog.example.com,2024-05-06:c.md');
  });

  it('skips a newcomer that shares a live post’s permalink, naming both and the fix', () => {
    const { unique, clashes } = assignIds([meta('2018/hello.md', 'hello'), meta('2019/hello.md', 'hello')], {
      publishedIdOf: (post) => (post.key === '2019/hello.md' ? `${SITE}hello/` : undefined),
      claimed: new Map([[`${SITE}hello/`, '2019/hello.md']]),
      fallbackId,
    });
    expect(unique.map((post) => post.key)).toEqual(['2019/hello.md']);
    expect(clashes).toEqual([
      {
        key: '2018/hello.md',
        error: `2018/hello.md: its link ${SITE}hello/ is also 2019/hello.md's, so readers would merge the two; give one of them its own slug: or url:`,
      },
    ]);
  });

  it('skips the second of two posts with the same explicit id, asking for an id of its own', () => {
    const { unique, clashes } = assignIds([meta('x.md', 'x', 'urn:x:1'), meta('y.md', 'y', 'urn:x:1')], {
      publishedIdOf: () => undefined,
      claimed: new Map(),
      fallbackId,
    });
    expect(unique.map((post) => post.key)).toEqual(['x.md']);
    expect(clashes).toEqual([{ key: 'y.md', error: "y.md: its id urn:x:1 is also x.md's; give it an id: of its own" }]);
  });

  it('keeps a draft owner’s id: a newcomer at its link is skipped until the owner is gone', () => {
    const { unique, clashes } = assignIds([meta('new.md', 'hello')], {
      publishedIdOf: () => undefined,
      claimed: new Map([[`${SITE}hello/`, 'drafted.md']]),
      fallbackId,
    });
    expect(unique).toEqual([]);
    expect(clashes.map((clash) => clash.key)).toEqual(['new.md']);
  });
});
