import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { readFrontMatter, type FrontMatter } from '../../src/posts/front-matter.ts';
import { fixturePost, seedPost } from './helpers.ts';

function split(text: string, key = 'posts/a.md'): FrontMatter {
  const outcome = readFrontMatter(key, text);
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.frontMatter;
}

function refusal(text: string, key = 'posts/a.md') {
  const outcome = readFrontMatter(key, text);
  if (outcome.ok) throw new Error('front matter was accepted');
  return outcome.error;
}

function valueOf(fm: FrontMatter, name: string): unknown {
  return fm.fields.get(name)?.value;
}

describe('readFrontMatter: where the front matter is', () => {
  it('finds front matter after blank lines instead of publishing it as body', () => {
    const fm = split(fixturePost('blank-lines-and-comments.md'));
    expect(valueOf(fm, 'title')).toBe('Notes from the road');
    expect(fm.body).not.toContain('title:');
    expect(fm.fields.get('date')?.line).toBe(6);
  });

  it('keeps a --- thematic break in the body and ignores # comments', () => {
    const fm = split(fixturePost('blank-lines-and-comments.md'));
    expect(valueOf(fm, 'tags')).toEqual(['travel', 'photos']);
    expect(fm.body).toBe('First paragraph.\n\n---\n\nAfter a thematic break.\n');
  });

  it('reads CRLF files and hands back an LF body', () => {
    const fm = split('---\r\ntitle: Windows\r\ndate: 2020-01-01\r\n---\r\nLine one\r\nLine two\r\n');
    expect(valueOf(fm, 'title')).toBe('Windows');
    expect(fm.body).toBe('Line one\nLine two\n');
  });

  it('drops a BOM before the opening fence', () => {
    const fm = split('\uFEFF---\ntitle: With BOM\n---\nBody');
    expect(valueOf(fm, 'title')).toBe('With BOM');
  });

  it('accepts a file that ends at the closing fence with no final newline', () => {
    const fm = split('---\ntitle: Short\n---');
    expect(valueOf(fm, 'title')).toBe('Short');
    expect(fm.body).toBe('');
  });

  it('accepts trailing spaces after a fence', () => {
    const fm = split('---  \ntitle: Spaces\n--- \nBody\n');
    expect(valueOf(fm, 'title')).toBe('Spaces');
    expect(fm.body).toBe('Body\n');
  });

  it('refuses a file with no front matter, naming the fix', () => {
    const error = refusal('# Just Markdown\n\nNo fences here.\n');
    expect(error).toEqual({ key: 'posts/a.md', line: 1, message: expect.stringContaining('posts/a.md:1: has no front matter; start the file with a --- line') });
  });

  it('refuses front matter that is never closed', () => {
    const error = refusal('\n---\ntitle: Open\ndate: 2020-01-01\n\nBody without a closing fence.\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('posts/a.md:2: front matter is never closed; add a --- line after it');
  });

  it('does not run `---js` front matter as code', () => {
    const error = refusal('---js\n{ title: (() => { throw new Error("ran") })() }\n---\nBody\n');
    expect(error.message).toMatch(/is not a front matter fence; write --- \(YAML\) or \+\+\+ \(TOML\)/);
  });

  it('refuses a line that only starts with the fence inside the block', () => {
    const error = refusal('---\ntitle: x\n---x\ndate: 2020-01-01\n---\nBody\n');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/closing fence must be --- alone on its line/);
  });
});

describe('readFrontMatter: memory', () => {
  it('leaves nothing in gray-matter\'s cache, which would otherwise hold every post text', () => {
    const cache = () => Object.keys((matter as unknown as { cache: Record<string, unknown> }).cache);
    const before = cache().length;
    split('---\ntitle: Cached?\n---\nBody\n');
    split('+++\ntitle = "Cached?"\n+++\nBody\n');
    expect(cache()).toHaveLength(before);
  });
});

describe('readFrontMatter: YAML', () => {
  it('keeps dates as text, offset-less timestamps included', () => {
    const fm = split('---\ndate: 2001-12-14 21:59:43.10\nlastmod: 2002-01-01\nexpiry: !!timestamp 2003-01-01 10:00:00\n---\n');
    expect(valueOf(fm, 'date')).toBe('2001-12-14 21:59:43.10');
    expect(valueOf(fm, 'lastmod')).toBe('2002-01-01');
    expect(valueOf(fm, 'expiry')).toBe('2003-01-01 10:00:00');
  });

  it('keeps numbers as written, and how a boolean was spelled for values read as text', () => {
    const fm = split('---\ntitle: 1.10\ndraft: True\n---\n');
    expect(fm.fields.get('title')).toEqual({ name: 'title', value: '1.10', line: 2 });
    expect(fm.fields.get('draft')).toMatchObject({ value: true, raw: 'True' });
  });

  it('lets the last of two keys differing only in case win, with a warning', () => {
    const fm = split('---\ntitle: First\nTitle: Second\n---\n');
    expect(fm.fields.get('title')).toMatchObject({ name: 'Title', value: 'Second', line: 3 });
    expect(fm.warnings.map((w) => w.message)).toEqual([
      'posts/a.md:3: duplicate key "Title" (first at line 2); the last value is used, remove the other one',
    ]);
  });

  it('reads the real-world seed post, warning once for each of its two repeated keys', () => {
    const fm = split(seedPost(), 'posts/xen-and-kvm-in-2017.md');
    expect(valueOf(fm, 'abstract')).toBe('');
    expect(valueOf(fm, 'tag')).toEqual([null]);
    expect(valueOf(fm, 'draft')).toBe(true);
    expect(fm.warnings.map((w) => w.message)).toEqual([
      'posts/xen-and-kvm-in-2017.md:8: duplicate key "year" (first at line 5); the last value is used, remove the other one',
      'posts/xen-and-kvm-in-2017.md:9: duplicate key "location" (first at line 6); the last value is used, remove the other one',
    ]);
  });

  it('warns once for each repeat of a key, the last value winning', () => {
    const fm = split('---\nyear: 2016\nYear: 2017\nyear: 2018\n---\n');
    expect(fm.fields.get('year')).toEqual({ name: 'year', value: '2018', line: 4 });
    expect(fm.warnings.map((w) => w.line)).toEqual([3, 4]);
  });

  it('takes no line inside a quoted value, a block scalar or a flow list for a key', () => {
    const fm = split('---\nsummary: "one\ntitle: not a key"\nabstract: |\n  title: not a key either\ntags: [a,\ntitle]\ntitle: T\n---\n');
    expect(valueOf(fm, 'title')).toBe('T');
    expect(fm.fields.get('title')?.line).toBe(8);
    expect(fm.warnings).toEqual([]);
  });

  it('warns about duplicated keys inside nested mappings too', () => {
    const fm = split('---\nauthor:\n  name: A\n  name: B\n---\n');
    expect(valueOf(fm, 'author')).toEqual({ name: 'B' });
    expect(fm.warnings).toHaveLength(1);
    expect(fm.warnings[0]?.line).toBe(4);
  });

  it('warns about repeats in the order of the file, and not about the pairs of a flow list', () => {
    const fm = split(
      '---\nauthors:\n  - name: Ada\n    name: Ada Lovelace\n    links:\n      site: /ada/\n      site: /about/\ntags: [lang: rust, lang: go]\n---\n',
    );
    expect(valueOf(fm, 'authors')).toEqual([{ name: 'Ada Lovelace', links: { site: '/about/' } }]);
    expect(valueOf(fm, 'tags')).toEqual([{ lang: 'rust' }, { lang: 'go' }]);
    expect(fm.warnings.map((w) => w.message)).toEqual([
      'posts/a.md:4: duplicate key "name" (first at line 3); the last value is used, remove the other one',
      'posts/a.md:7: duplicate key "site" (first at line 6); the last value is used, remove the other one',
    ]);
  });

  it('counts blank lines before the fence in warning lines', () => {
    const fm = split('\n\n---\ntags: [a]\ntags: [b]\n---\n');
    expect(valueOf(fm, 'tags')).toEqual(['b']);
    expect(fm.warnings[0]?.line).toBe(5);
  });

  it('reports a YAML syntax error with its file line', () => {
    const error = refusal('\n---\ntitle: ok\nsubtitle without a colon\ndate: 2020-01-01\n---\nBody\n');
    expect(error).toEqual({
      key: 'posts/a.md',
      line: 4,
      message:
        'posts/a.md:4: YAML error: "subtitle without a colon" is not a "key: value" line; add "key:" before it, or indent it to continue the value above',
    });
  });

  // js-yaml notices on the next line; the line to edit is the one with the [.
  it('reports an unclosed flow list at the line that opens it', () => {
    const error = refusal('---\ntitle: ok\ntags: [one, two\ndate: 2020-01-01\n---\nBody\n');
    expect(error.line).toBe(3);
    expect(error.message).toBe(
      'posts/a.md:3: YAML error: the [ that opens the value of "tags" is never closed; add a ] after its last entry',
    );
  });

  it('names the invisible control character a line holds', () => {
    const error = refusal('---\ntitle: Quarterly report\vQ3\ndate: 2020-01-01\n---\n');
    expect(error.line).toBe(2);
    expect(error.message).toBe('posts/a.md:2: YAML error: this line holds an invisible control character (U+000B); delete it');
  });

  it('refuses absurdly deep nesting without crashing', () => {
    const error = refusal(`---\ntitle: x\ndeep: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\n`);
    expect(error.message).toMatch(/^posts\/a\.md(:\d+)?: YAML error: /);
  });

  it('reports an unquoted colon in a title at the right line', () => {
    const error = refusal('---\ntitle: Rust: the good parts\ndate: 2020-01-01\n---\n');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/YAML error/);
  });

  it('refuses front matter that is a list rather than keys', () => {
    const error = refusal('---\n- title\n- date\n---\n');
    expect(error.message).toMatch(/not a list of "key: value" lines/);
    expect(error.line).toBe(2);
  });

  it('reads empty or comment-only front matter as no keys', () => {
    expect(split('---\n---\nBody').fields.size).toBe(0);
    expect(split('---\n# nothing yet\n---\nBody').fields.size).toBe(0);
  });

  it('refuses a "billion laughs" alias bomb quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const started = performance.now();
    const error = refusal(`---\ntitle: lol\n${levels.join('\n')}\n---\n`);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(/YAML aliases/);
  });

  it('refuses a small exponential alias chain that stays under the alias-node limit', () => {
    const levels = ['a: &a [x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(6).fill(`*${previous}`).join(', ')}]`);
    }
    const started = performance.now();
    const error = refusal(`---\n${levels.join('\n')}\n---\n`);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(/YAML aliases expand too far/);
  });

  // yaml's own alias budget is per anchor: thousands of anchors aliased once each pass it, and
  // resolving them costs a scan of the document per alias (seconds). The node count stops it.
  it('refuses thousands of aliases before resolving any', () => {
    const pairs = Array.from({ length: 5_000 }, (_, i) => `k${i}: &a${i} v\nr${i}: *a${i}`);
    const started = performance.now();
    const error = refusal(`---\n${pairs.join('\n')}\n---\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/more than 100 YAML aliases/);
    expect(error.line).toBe(2 + 2 * 100 + 1);
  });

  it('accepts the few aliases hand-written front matter uses', () => {
    const fm = split('---\nauthor: &me Ada\nmaintainer: *me\n---\n');
    expect(valueOf(fm, 'maintainer')).toBe('Ada');
  });

  it('refuses an alias inside the value it names, which no reader could walk to its end', () => {
    const error = refusal('---\ntitle: Loop\nseries: &s [one, *s]\n---\n');
    expect(error.message).toBe('posts/a.md: a YAML alias (*name) stands for a value that contains it; write the values out');
  });

  it('merges `<<: *alias` keys as Psych does, a key written out winning over a merged one', () => {
    const fm = split(
      '---\nperson: &ada\n  name: Ada Lovelace\n  email: ada@example.com\nauthor:\n  <<: *ada\n  url: /about/\n<<: *ada\nname: Ada L.\n---\n',
    );
    expect(valueOf(fm, 'author')).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', url: '/about/' });
    expect(valueOf(fm, 'email')).toBe('ada@example.com');
    expect(fm.fields.get('name')).toEqual({ name: 'name', value: 'Ada L.', line: 9 });
    expect(fm.warnings).toEqual([]);
  });
});

describe('readFrontMatter: TOML', () => {
  it('parses +++ front matter and turns TOML dates into their text', () => {
    const fm = split(fixturePost('hugo-toml.md'));
    expect(fm.format).toBe('toml');
    expect(valueOf(fm, 'date')).toBe('2023-01-02T03:04:05.000Z');
    expect(valueOf(fm, 'lastmod')).toBe('2023-02-10T09:30:00.000');
    expect(valueOf(fm, 'draft')).toBe(false);
    expect(valueOf(fm, 'params')).toEqual({ toc: true });
    expect(fm.fields.get('lastmod')?.line).toBe(4);
  });

  it('keeps a +++ line in the body as body text', () => {
    const fm = split(fixturePost('hugo-toml.md'));
    expect(fm.body).toBe('\nHugo reads front matter between `+++` fences as TOML.\n\n+++\n\nThat line above is just text in the body.\n');
  });

  it('keeps the offset of an offset date-time and leaves a local date as a bare day', () => {
    const fm = split('+++\npublishDate = 2023-05-01T10:00:00+02:00\nexpiryDate = 2024-05-01\n+++\n');
    expect(valueOf(fm, 'publishdate')).toBe('2023-05-01T10:00:00.000+02:00');
    expect(valueOf(fm, 'expirydate')).toBe('2024-05-01');
  });

  it('reports a TOML syntax error with its file line', () => {
    const error = refusal('\n+++\ntitle = "ok"\ndate = \n+++\nBody\n');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^posts\/a\.md:4: TOML error: /);
  });

  it('refuses a repeated TOML key, which TOML itself forbids', () => {
    const error = refusal('+++\ntitle = "a"\ntitle = "b"\n+++\n');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/TOML error: .*already defined/);
  });

  it('warns when two TOML keys differ only in case, the last one winning', () => {
    const fm = split('+++\ntitle = "a"\nTitle = "b"\n+++\n');
    expect(valueOf(fm, 'title')).toBe('b');
    expect(fm.warnings.map((w) => w.message)).toEqual([
      'posts/a.md:3: duplicate key "Title" (first at line 2); the last value is used, remove the other one',
    ]);
  });
});
