/**
 * What a generated or hostile post cannot make the build do: publish thousands of term feeds
 * (more than 100 tags or categories skip the post), or take the build down with nesting no stack
 * can walk (YAML and TOML are held to a depth, with the line and the fix; whatever is left over
 * is still the post's error, never a RangeError out of parsePost).
 */
import { describe, expect, it } from 'vitest';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from './helpers.ts';

const names = (count: number, stem = 'tag') => Array.from({ length: count }, (_, i) => `${stem}-${i}`);

function outcome(key: string, text: string) {
  return parsePost(key, text, siteConfig());
}

function errorOf(key: string, text: string) {
  const result = outcome(key, text);
  if (result.ok) throw new Error(`${key} was not skipped`);
  return result.error;
}

describe('tags and categories per post', () => {
  it('100 tags and 100 categories are read', () => {
    const result = outcome('many.md', `---\ntitle: Many\ndate: 2024-01-01\ntags: [${names(100).join(', ')}]\ncategories: [${names(100, 'cat').join(', ')}]\n---\nText.\n`);
    expect(result.ok && [result.post.tags.length, result.post.categories.length]).toEqual([100, 100]);
  });

  it('2,000 tags skip the post, naming the file, the line and the fix', () => {
    const error = errorOf('posts/tag-cloud.md', `---\ntitle: Tag cloud\ndate: 2024-01-01\ntags: [${names(2000).join(', ')}]\n---\nText.\n`);
    expect(error).toEqual({
      key: 'posts/tag-cloud.md',
      line: 4,
      message:
        'posts/tag-cloud.md:4: tags has 2,000 entries, more than the 100 a post may have (each is a feed of its own); keep the ones readers would follow',
    });
  });

  it('101 categories in a TOML list, and a Jekyll tags: string split into 150 words, are each too many', () => {
    expect(errorOf('toml.md', `+++\ntitle = "T"\ndate = 2024-01-01\ncategories = [${names(101).map((n) => `"${n}"`).join(', ')}]\n+++\nText.\n`).message).toMatch(
      /^toml\.md:4: categories has 101 entries, more than the 100/,
    );
    expect(errorOf('_posts/2024-01-01-words.md', `---\ntitle: Words\ntags: ${names(150, 'w').join(' ')}\n---\nText.\n`).message).toMatch(
      /^_posts\/2024-01-01-words\.md:3: tags has 150 entries/,
    );
  });

  it('repeated and empty entries do not count: 300 entries naming 100 tags are read', () => {
    const entries = [...names(100), ...names(100), ...Array.from({ length: 100 }, () => '""')];
    const result = outcome('dup.md', `---\ntitle: Dup\ndate: 2024-01-01\ntags: [${entries.join(', ')}]\n---\nText.\n`);
    expect(result.ok && result.post.tags).toEqual(names(100));
  });

  it('a list of 2,000 entries that are not text gives one warning, not 2,000', () => {
    const result = outcome('maps.md', `---\ntitle: Maps\ndate: 2024-01-01\ntags: [${Array.from({ length: 2000 }, () => '{a: 1}').join(', ')}]\n---\nText.\n`);
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      'maps.md:4: tags has 2000 entries that are not text, the first a mapping (key: value pairs); write each entry as text',
    ]);
  });
});

const DEEP = 10_000;

describe('nesting in front matter', () => {
  it.each([
    ['TOML arrays', `a = ${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
    ['TOML inline tables', `a = ${'{ b = '.repeat(DEEP)}1${' }'.repeat(DEEP)}`],
    ['a TOML dotted key', `${Array(DEEP).fill('a').join('.')} = 1`],
    ['a TOML table header', `[${Array(DEEP).fill('a').join('.')}]\nb = 1`],
    ['a TOML array of tables', `[[${Array(DEEP).fill('a').join('.')}]]\nb = 1`],
  ])('%s 10,000 deep: the post is skipped at that line, with the fix', (_what, deep) => {
    const error = errorOf('deep.md', `+++\ntitle = "Deep"\ndate = 2024-01-01\n${deep}\n+++\nText.\n`);
    expect(error.message).toBe('deep.md:4: TOML error: lists and tables are nested more than 64 levels deep; write them flatter');
  });

  it('a TOML dotted key and table 20 deep are read', () => {
    const result = outcome('fine.md', `+++\ntitle = "Fine"\ndate = 2024-01-01\n${Array(20).fill('a').join('.')} = 1\n[${Array(20).fill('t').join('.')}]\nb = 2\n+++\nText.\n`);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['YAML flow lists', `a: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
    ['YAML flow mappings, never closed', `a: ${'{b: '.repeat(DEEP)}`],
    ['YAML block lists', `a:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}- `).join('\n')}x`],
  ])('%s nested deeply: the post is skipped with a line and the fix', (_what, deep) => {
    const error = errorOf('deep.md', `---\ntitle: Deep\ndate: 2024-01-01\n${deep}\n---\nText.\n`);
    expect(error.message).toMatch(/^deep\.md:\d+: YAML error: lists and mappings are nested too deeply; write them flatter$/);
  });

  it('with little stack left, an overflow while reading the post is its error, not a RangeError', () => {
    const text = `---\ntitle: Nested\ndate: 2024-01-01\na: ${'['.repeat(90)}${']'.repeat(90)}\n---\nText.\n`;
    // parsePost called under `frames` frames of our own, ever more until the stack cannot hold them.
    const below = (frames: number): string => {
      if (frames > 0) return below(frames - 1);
      const result = parsePost('nested.md', text, siteConfig());
      return result.ok ? 'read' : result.error.message;
    };
    const outcomes = new Set<string>();
    for (let frames = 0; ; frames += 25) {
      try {
        outcomes.add(below(frames));
      } catch (error) {
        // No room left even to enter parsePost.
        expect(error).toBeInstanceOf(RangeError);
        break;
      }
    }
    expect([...outcomes].sort()).toEqual(['nested.md: front matter nests lists or mappings too deeply to read; write them flatter', 'read']);
  });
});
