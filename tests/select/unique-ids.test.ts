import { describe, expect, it } from 'vitest';
import type { PostMeta } from '../../src/model.ts';
import { assignIds, type IdSources } from '../../src/select/unique-ids.ts';

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

/** Ids as the pipeline knows them: `published` key → first id; links known for `posts` and `known`. */
function sources(posts: PostMeta[], published: Record<string, string> = {}, known: PostMeta[] = []): IdSources {
  const urls = new Map([...posts, ...known].map((post) => [post.key, post.url]));
  return {
    publishedIdOf: (post) => published[post.key],
    claimed: new Map(Object.entries(published).map(([key, id]) => [id, key])),
    currentUrlOf: (key) => urls.get(key),
    fallbackId: (post) => `tag:blog.example.com,2024-05-06:${post.key}`,
  };
}

describe('assignIds', () => {
  it('gives every post its link as id when nothing clashes, and keeps ids already published', () => {
    const posts = [meta('a.md', 'a'), meta('b.md', 'b-renamed')];
    const { unique, clashes, ids } = assignIds(posts, sources(posts, { 'b.md': `${SITE}b/` }));
    expect(unique.map((post) => post.key)).toEqual(['b.md', 'a.md']);
    expect(clashes).toEqual([]);
    expect(Object.fromEntries(ids)).toEqual({ 'a.md': `${SITE}a/`, 'b.md': `${SITE}b/` });
  });

  it('gives a newcomer an id of its own when its link was the first id of a post that has moved', () => {
    const posts = [meta('c.md', 'a'), meta('a.md', 'a-renamed')];
    const { unique, clashes, ids } = assignIds(posts, sources(posts, { 'a.md': `${SITE}a/` }));
    expect(clashes).toEqual([]);
    expect(unique).toHaveLength(2);
    expect(ids.get('a.md')).toBe(`${SITE}a/`);
    expect(ids.get('c.md')).toBe('tag:blog.example.com,2024-05-06:c.md');
  });

  it('does the same when the moved owner is a draft whose new link this run read', () => {
    const newcomer = [meta('c.md', 'a')];
    const { unique, ids } = assignIds(newcomer, sources(newcomer, { 'a.md': `${SITE}a/` }, [meta('a.md', 'a-renamed')]));
    expect(unique.map((post) => post.key)).toEqual(['c.md']);
    expect(ids.get('c.md')).toBe('tag:blog.example.com,2024-05-06:c.md');
  });

  it('never hands out an own id that another post already carries', () => {
    const posts = [meta('b.md', 'b', 'tag:blog.example.com,2024-05-06:c.md'), meta('c.md', 'a'), meta('a.md', 'moved')];
    const { unique, clashes } = assignIds(
      posts,
      sources(posts, { 'a.md': `${SITE}a/`, 'b.md': 'tag:blog.example.com,2024-05-06:c.md' }),
    );
    expect(unique.map((post) => post.key).sort()).toEqual(['a.md', 'b.md']);
    expect(clashes.map((clash) => clash.key)).toEqual(['c.md']);
  });

  it('skips a newcomer that shares a live post’s permalink, naming both and the fix', () => {
    const posts = [meta('2018/hello.md', 'hello'), meta('2019/hello.md', 'hello')];
    const { unique, clashes } = assignIds(posts, sources(posts, { '2019/hello.md': `${SITE}hello/` }));
    expect(unique.map((post) => post.key)).toEqual(['2019/hello.md']);
    expect(clashes).toEqual([
      {
        key: '2018/hello.md',
        error: `2018/hello.md: its link ${SITE}hello/ is also 2019/hello.md's, so readers would merge the two; give one of them its own slug: or url:`,
      },
    ]);
  });

  it('skips the second of two posts with the same explicit id, asking for an id of its own', () => {
    const posts = [meta('x.md', 'x', 'urn:x:1'), meta('y.md', 'y', 'urn:x:1')];
    const { unique, clashes } = assignIds(posts, sources(posts));
    expect(unique.map((post) => post.key)).toEqual(['x.md']);
    expect(clashes).toEqual([{ key: 'y.md', error: "y.md: its id urn:x:1 is also x.md's; give it an id: of its own" }]);
  });

  it('keeps the id of an owner not published now whose link is unknown, and says so', () => {
    const posts = [meta('new.md', 'hello')];
    const { unique, clashes } = assignIds(posts, sources(posts, { 'drafted.md': `${SITE}hello/` }));
    expect(unique).toEqual([]);
    expect(clashes).toEqual([
      {
        key: 'new.md',
        error: `new.md: its id ${SITE}hello/ belongs to drafted.md, which is not published now; give this post its own slug:, url: or id:`,
      },
    ]);
  });
});
