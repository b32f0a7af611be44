/**
 * YAML front matter as blogs really write it, read as Jekyll (Psych/libyaml) and js-yaml read
 * it; and the mistakes that no YAML parser can read, each reported at the line to edit with
 * the fix.
 */
import { describe, expect, it } from 'vitest';
import { readFrontMatter, type FrontMatter } from '../../src/posts/front-matter.ts';
import { fixturePost } from './helpers.ts';

function read(name: string): FrontMatter {
  const outcome = readFrontMatter(name, fixturePost(name));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.frontMatter;
}

interface Readable {
  why: string;
  values: Record<string, unknown>;
  lines?: Record<string, number>;
  raw?: Record<string, string>;
}

const READABLE: Record<string, Readable> = {
  'yaml-wordpress-export.md': {
    why: 'quoted values continued at column 0, one with a blank line and one with a line that looks like a key',
    values: {
      layout: 'post',
      title: 'Why we moved to a static site',
      date: '2014-06-02 09:15:00.000000000 +02:00',
      type: 'post',
      parent_id: '0',
      published: true,
      password: '',
      status: 'publish',
      categories: ['Hosting'],
      tags: ['jekyll', 'static sites'],
      excerpt: 'Our hosting bill, three cache layers and the weekend we spent with Jekyll.\nPart 2: the database.',
      meta: { _edit_last: '1' },
      author: { login: 'marie', email: 'marie@example.com', display_name: 'Marie Lefebvre' },
      permalink: '/2014/06/02/why-we-moved-to-a-static-site/',
    },
    lines: { title: 3, date: 5, excerpt: 16, meta: 20, permalink: 27 },
  },
  'yaml-hugo-hand-edited.md': {
    why: 'a comment right after a closing quote, a tab after the colon, flow collections and a quoted value continued at column 0 or after a tab, "C#" against " #"',
    values: {
      title: 'Notes from KubeCon Europe',
      date: '2021-03-14T09:30:00+01:00',
      lastmod: '2021-03-20',
      draft: false,
      tags: ['kubernetes', 'conferences', 'cloud-native', 'C#'],
      author: { name: 'Ada Lovelace', email: 'ada@example.com' },
      description: 'Three talks worth watching again, and one to skip',
      category: 'C# in production',
      series: 'KubeCon',
    },
    lines: { date: 3, author: 8, description: 10, category: 12 },
  },
  'yaml-release-notes.md': {
    why: 'numbers and dates stay as written; true/false in any case and null, ~ or nothing are read',
    values: {
      title: '1.10',
      subtitle: "What's new in 1.10",
      version: '1.10',
      id: '0042',
      date: '2022-11-01',
      time: '12:30',
      weight: '010',
      draft: false,
      toc: true,
      comments: 'yes',
      featured: null,
      image: null,
    },
    raw: { draft: 'False', toc: 'TRUE' },
  },
};

describe('YAML front matter that Jekyll and js-yaml read', () => {
  for (const [name, expected] of Object.entries(READABLE)) {
    it(`${name}: ${expected.why}`, () => {
      const fm = read(name);
      const values = Object.fromEntries([...fm.fields.values()].map((field) => [field.name, field.value]));
      expect(values).toEqual(expected.values);
      for (const [key, line] of Object.entries(expected.lines ?? {})) expect(fm.fields.get(key)?.line, key).toBe(line);
      for (const [key, raw] of Object.entries(expected.raw ?? {})) expect(fm.fields.get(key)?.raw, key).toBe(raw);
      expect(fm.warnings).toEqual([]);
    });
  }
});

/** File → [line to edit, what to do]. */
const UNREADABLE: Record<string, [number, string]> = {
  'yaml-colon-in-title.md': [2, 'a value containing ": " must be quoted: title: "Rust: the good parts"'],
  'yaml-unclosed-quote.md': [3, 'the " that opens the value of "title" is never closed; add a " where the value ends'],
  'yaml-tab-indent.md': [5, 'this line is indented with a tab; indent with spaces'],
  'yaml-list-under-value.md': [
    5,
    'the list item "- wasm" follows "tags: rust", which already has a value; leave nothing after "tags:" to start a list',
  ],
  'yaml-misindented-key.md': [6, 'indent "email:" like "name:" above it (2 spaces, not 3)'],
  'yaml-at-mention.md': [4, 'a value starting with "@" must be quoted: author: "@ada"'],
  'yaml-backtick-title.md': [2, 'a value starting with "`" must be quoted: title: "`npm ci` vs `npm install`"'],
  'yaml-no-space-after-colon.md': [2, 'put a space after the colon: title: Hello world'],
  'yaml-apostrophe-in-quotes.md': [
    2,
    `the value has text after its closing quote; write it as title: "Don't panic: a guide to on-call"`,
  ],
  'yaml-windows-path.md': [
    4,
    'a backslash inside "…" starts an escape code; write \\\\ for a backslash, or put the value in single quotes',
  ],
  'yaml-title-continued-unindented.md': [
    3,
    '"to a static site" is not a "key: value" line; add "key:" before it, or indent it to continue the value above',
  ],
};

describe('YAML front matter that no parser reads: the line to edit, and how', () => {
  for (const [name, [line, advice]] of Object.entries(UNREADABLE)) {
    it(name, () => {
      const outcome = readFrontMatter(name, fixturePost(name));
      if (outcome.ok) throw new Error('front matter was accepted');
      expect(outcome.error).toEqual({ key: name, line, message: `${name}:${line}: YAML error: ${advice}` });
    });
  }
});
