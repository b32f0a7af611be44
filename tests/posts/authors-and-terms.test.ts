/**
 * Author and term reading against what feed validators reject: e-mail addresses that are no
 * addr-spec (RFC 4287 `.+@.+`, the W3C validator's InvalidAddrSpec), and names and terms made
 * of characters XML cannot carry, which would become `<name/>`, `"name": ""` or a term that
 * reads differently in the feeds than it slugs.
 */
import { describe, expect, it } from 'vitest';
import type { PostMeta } from '../../src/model.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from './helpers.ts';

// Front matter on lines 2 and 3, the field under test on line 4.
const minimal = (extra: string) => `---\ntitle: T\ndate: 2021-04-05\n${extra}---\nBody.\n`;

function read(text: string, key = 'posts/a.md'): { post: PostMeta; warnings: string[] } {
  const outcome = parsePost(key, text, siteConfig());
  if (!outcome.ok) throw new Error(outcome.error.message);
  return { post: outcome.post, warnings: outcome.warnings.map((warning) => warning.message) };
}

describe('parsePost: author e-mail addresses', () => {
  it('keeps an address shaped like name@example.com', () => {
    const { post, warnings } = read(minimal('author: {name: Bob, email: " bob.smith+feeds@mail.example.co.uk "}\n'));
    expect(post.authors).toEqual([{ name: 'Bob', email: 'bob.smith+feeds@mail.example.co.uk' }]);
    expect(warnings).toEqual([]);
  });

  it('drops one that is no address, keeping the author, with a warning naming file, line and fix', () => {
    const { post, warnings } = read(minimal('author: {name: Bob, email: "not an email"}\n'));
    expect(post.authors).toEqual([{ name: 'Bob' }]);
    expect(warnings).toEqual([
      'posts/a.md:4: author email "not an email" is not an e-mail address; it is left out; write it as name@example.com, or remove email:',
    ]);
  });

  it.each([
    ['obfuscated', 'bob at example dot com'],
    ['obfuscated with an @', 'bob @ example.com'],
    ['without a domain dot', 'bob@localhost'],
    ['with two @', 'bob@@example.com'],
    ['in angle brackets', '<bob@example.com>'],
    ['with a display name', 'Bob <bob@example.com>'],
    ['as a mailto: URL', 'mailto:bob@example.com'],
    ['ending in a dot', 'bob@example.'],
  ])('drops an address %s (%s)', (_label, email) => {
    const { post, warnings } = read(minimal(`authors:\n  - name: Bob\n    email: ${JSON.stringify(email)}\n`));
    expect(post.authors).toEqual([{ name: 'Bob' }]);
    expect(warnings).toEqual([expect.stringMatching(/^posts\/a\.md:4: authors email ".*" is not an e-mail address; it is left out; /)]);
  });

  it('reads the address without characters XML cannot carry before judging it', () => {
    const { post } = read(minimal('author: {name: Bob, email: "bob@exa\\u0001mple.com"}\n'));
    expect(post.authors).toEqual([{ name: 'Bob', email: 'bob@example.com' }]);
  });
});

describe('parsePost: author names', () => {
  it('drops a name of only characters XML cannot carry, with a warning (the site author then applies)', () => {
    const { post, warnings } = read(minimal('author: "\\x01"\n'));
    expect(post.authors).toEqual([]);
    expect(warnings).toEqual([
      'posts/a.md:4: author has a name made only of characters a feed cannot carry (such as control characters); it is left out; write the name as text',
    ]);
  });

  it('does the same for a {name} entry and keeps the other authors', () => {
    const { post, warnings } = read(minimal('authors:\n  - {name: "\\u000b\\u0001", email: x@example.com}\n  - Grace\n'));
    expect(post.authors).toEqual([{ name: 'Grace' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^posts\/a\.md:4: authors has a name made only of characters a feed cannot carry/);
  });

  it('removes such characters from a name that has others, and de-duplicates on the cleaned name', () => {
    const { post, warnings } = read(minimal('authors: ["Ada\\vLovelace", "AdaLovelace", " \\u0001Grace "]\n'));
    expect(post.authors).toEqual([{ name: 'AdaLovelace' }, { name: 'Grace' }]);
    expect(warnings).toEqual([]);
  });

  it('still drops a blank name silently, as before', () => {
    expect(read(minimal('author: "  "\n'))).toEqual({ post: expect.objectContaining({ authors: [] }), warnings: [] });
  });
});

describe('parsePost: tag and category terms', () => {
  it('removes characters XML cannot carry from a term before the empty check and de-duplication', () => {
    const { post, warnings } = read(minimal('tags: ["x\\vy", "xy", "\\u0001", " \\u000b ", "z"]\ncategories: "Q\\u0000A"\n'));
    expect(post.tags).toEqual(['xy', 'z']);
    expect(post.categories).toEqual(['QA']);
    expect(warnings).toEqual([]);
  });

  it('keeps different spellings (the taxonomy merges terms that slug the same)', () => {
    expect(read(minimal('tags: [Rust, rust, "Rust\\u0001"]\n')).post.tags).toEqual(['Rust', 'rust']);
  });

  it('still splits a Jekyll tags: string on whitespace first, as Jekyll does (U+000B is whitespace to Ruby)', () => {
    expect(read(minimal('tags: "a\\vb c\\u0001d"\n'), '_posts/2021-04-05-a.md').post.tags).toEqual(['a', 'b', 'cd']);
  });
});
