/**
 * The hostile files, as data: where each one lives (a bucket key, or a path in a local folder),
 * how it is made, and what a demanding user expects of it. Three tables, one per kind of run:
 * one in-memory build over most of them (keys any bucket can hold, contents of every kind), one
 * against the S3 test server (keys whose trip through S3's listing matters) and one of the CLI
 * against a local folder (what only a file system has: links, permissions, FIFOs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  billionLaughs,
  bytes,
  DATE,
  flowList,
  mergeBomb,
  MiB,
  nested,
  noise,
  padded,
  titled,
  tomlPost,
  utf16,
  yamlPost,
  type Content,
} from './generate.ts';

export type Outcome =
  /** In every main feed, once, with exactly this title in all three formats. */
  | { published: string; categories?: string[]; contains?: string; warning?: RegExp }
  /** In `skipped`: the message starts with the key (and line), then matches: what is wrong and the fix. */
  | { skipped: RegExp }
  /**
   * In `skipped` under `as` (the key as listed), but its message is not held to a fix: the reason
   * is a bug reported, not a rule.
   */
  | { reported: string; as: string }
  /** A post, but in no feed and not skipped (a date to come). */
  | { held: string }
  /** Not a post at all: not read, not counted, not reported. */
  | { ignored: string };

export interface HostileFile {
  key: string;
  make: () => Content;
  expect: Outcome;
}

export interface HostileLocalFile {
  /** The path under the source folder, `/`-separated: the key the build reports. */
  key: string;
  /** Makes it at `path` (absolute); `outside` is a folder beside the source. */
  make: (path: string, outside: string) => void;
  /** Permissions set once the folder belongs to the user the CLI runs as. */
  mode?: number;
  expect: Outcome;
}

/** What every run publishes besides its hostile files. */
export const GOOD_KEY = 'good.md';
export const GOOD_TITLE = 'The good post';
export const goodPost = (): string => titled(GOOD_TITLE, { extra: 'tags: [good]', body: 'Published *whatever* else is in the folder.\n' });

const unsafeName = (problem: string) => new RegExp(`: its name is refused as unsafe \\(${problem}\\); rename it$`);
const TOO_DEEP_YAML = /:\d+: YAML error: lists and mappings are nested too deeply; write them flatter$/;
const TOO_DEEP_TOML = /:\d+: TOML error: lists and tables are nested more than 64 levels deep; write them flatter$/;
const BINARY = /: is a binary file \(NUL byte at offset \d+\), not Markdown text; move it out of the posts folder or give it another extension than \.md$/;
const NOT_UTF8 = /:\d+: is not valid UTF-8 \(byte 0x[0-9A-F]{2} at offset \d+\); re-save the file as UTF-8/;

// ------------------------------------------------------------------------------ in memory

const EVIL_TAGS = [']]>', '<script>alert(1)</script>', '&amp; &lt; &#0;', '../../../etc/passwd', 'a/b\\c', '\u0000\uFFFE'];
const MARKUP_TITLE = 'Ends ]]> here <script>alert(1)</script> &amp; &lt; &nbsp; &#0; "quoted" \'single\'';
const HUGE_TITLE = '<a&b>]]>'.repeat(12_500);

function footnotes(count: number): string {
  const references = Array.from({ length: count }, (_, i) => `[^${i}]`).join(' ');
  const definitions = Array.from({ length: count }, (_, i) => `[^${i}]: note ${i}`).join('\n');
  return `${references}\n\n${definitions}\n`;
}

/** Every way in the README's list of what safe HTML removes, and a few it resolves first. */
const SCRIPTS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">a</a> [b](javascript:alert(1)) ![c](javascript:alert(1))',
  '<a href="java&#x09;script:alert(1)">d</a> <a href="&#106;avascript:alert(1)">e</a> <a href=" JaVaScRiPt:alert(1)">f</a>',
  '<a href="vbscript:msgbox(1)">g</a> <a href="data:text/html,<script>alert(1)</script>">h</a> <img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<svg onload=alert(1)><script>alert(1)</script></svg><iframe src="javascript:alert(1)"></iframe><object data="javascript:alert(1)"></object>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">i</button></form><style>*{}</style><base href="javascript:/">',
  '[j][k]\n\n[k]: javascript:alert(1)',
  'still here',
].join('\n\n');


/** Keys and contents for one in-memory build; a bucket can hold every one of these keys. */
export const MEMORY_FILES: HostileFile[] = [
  // Keys S3 stores as written (the test server normalises them away, so they are tested here).
  // `..` starts with a dot: a hidden folder, whose files are never posts, never read (README).
  { key: '../escape.md', make: () => titled('Escaped'), expect: { ignored: 'in the hidden folder ".."' } },
  { key: '/leading-slash.md', make: () => titled('Leading slash'), expect: { skipped: unsafeName('it starts with "/"') } },
  { key: 'double//slash.md', make: () => titled('Double slash'), expect: { skipped: unsafeName('it has an empty path segment') } },
  { key: 'nul\0key.md', make: () => titled('NUL key'), expect: { skipped: unsafeName('it contains a NUL character') } },

  // YAML alias bombs: refused before anything walks the expansion.
  { key: 'yaml/billion-laughs.md', make: () => yamlPost(`title: Laughs\ndate: ${DATE}\n${billionLaughs(9, 10)}`), expect: { skipped: /: YAML aliases expand too far \(more than 10000 values once written out\); write the values out$/ } },
  { key: 'yaml/alias-flood.md', make: () => yamlPost(`title: Flood\ndate: ${DATE}\nv: &v x\nlist: [${Array(150).fill('*v').join(', ')}]`), expect: { skipped: /:5: front matter uses more than 100 YAML aliases \(\*name\); write the values out$/ } },
  { key: 'yaml/self-alias.md', make: () => yamlPost(`title: Self\ndate: ${DATE}\nloop: &loop [*loop]`), expect: { skipped: /: a YAML alias \(\*name\) stands for a value that contains it; write the values out$/ } },
  { key: 'yaml/merge-key-bomb.md', make: () => yamlPost(`title: Merge bomb\ndate: ${DATE}\n${mergeBomb(30)}`), expect: { skipped: /: front matter uses more than 100 YAML aliases/ } },

  // Front matter 10,000 levels deep: a message with the line, never a stack overflow.
  { key: 'deep/yaml-flow.md', make: () => yamlPost(`title: Deep\ndate: ${DATE}\nx: ${nested('[', ']', 10_000)}`), expect: { skipped: TOO_DEEP_YAML } },
  { key: 'deep/yaml-block.md', make: () => yamlPost(`title: Deep\ndate: ${DATE}\nx:\n  ${'- '.repeat(10_000)}x`), expect: { skipped: TOO_DEEP_YAML } },
  // JSON is YAML: Hugo-style JSON front matter between YAML fences.
  { key: 'deep/json.md', make: () => yamlPost(`{"title": "JSON", "date": "${DATE}", "x": ${nested('{"a": ', '}', 10_000, '1')}}`), expect: { skipped: TOO_DEEP_YAML } },
  { key: 'deep/toml-array.md', make: () => tomlPost(`title = "Deep"\ndate = ${DATE}\nx = ${nested('[', ']', 10_000)}`), expect: { skipped: TOO_DEEP_TOML } },
  { key: 'deep/toml-table.md', make: () => tomlPost(`title = "Deep"\ndate = ${DATE}\n[${Array(10_000).fill('a').join('.')}]\nx = 1`), expect: { skipped: TOO_DEEP_TOML } },

  // Markdown nested 100,000 deep. Blocks: markdown-it stops at its `maxNesting` (100) and drops
  // what lies deeper, so the text is gone but the post is out. Inline: the text survives.
  { key: 'md/blockquotes.md', make: () => titled('Blockquotes 100,000 deep', { body: `${'>'.repeat(100_000)} deep down\n` }), expect: { published: 'Blockquotes 100,000 deep', contains: '<blockquote>' } },
  { key: 'md/lists.md', make: () => titled('Lists 100,000 deep', { body: `${'- '.repeat(100_000)}deep down\n` }), expect: { published: 'Lists 100,000 deep', contains: '<ul>' } },
  { key: 'md/emphasis.md', make: () => titled('Emphasis 100,000 deep', { body: nested('*', '*', 100_000, 'deep down') }), expect: { published: 'Emphasis 100,000 deep', contains: 'deep down' } },
  { key: 'md/brackets.md', make: () => titled('Brackets 100,000 deep', { body: nested('[', '](x)', 100_000, 'deep down') }), expect: { published: 'Brackets 100,000 deep', contains: 'deep down' } },
  // Raw HTML: the HTML parser's time grows with the square of the depth (README, "Safe HTML"),
  // so 20,000 levels here (about 1 s), not 100,000 (about 6 s each).
  { key: 'md/raw-html-nested.md', make: () => titled('Raw HTML 20,000 deep', { body: nested('<div>', '</div>', 20_000, 'deep down') }), expect: { published: 'Raw HTML 20,000 deep', contains: 'deep down' } },
  { key: 'md/raw-html-unclosed.md', make: () => titled('20,000 unclosed tags', { body: `${'<b>'.repeat(20_000)}deep down` }), expect: { published: '20,000 unclosed tags', contains: 'deep down' } },
  // markdown-it-footnote's last step copied every token once per footnote: 10 s for these.
  { key: 'md/footnotes.md', make: () => titled('20,000 footnotes', { body: footnotes(20_000) }), expect: { published: '20,000 footnotes', contains: 'note 19999' } },

  // Size: refused from the listed size, never read; just under the limit is a post.
  { key: 'size/50-mb.md', make: () => padded(`---\ntitle: Huge\ndate: ${DATE}\n---\n`, 'All work and no play makes a dull post.\n\n', 50 * MiB), expect: { skipped: /: is 50\.0 MiB, larger than the 4\.0 MiB a post may be; move large media out of the posts folder or split the post$/ } },
  { key: 'size/just-under-4-mib.md', make: () => padded(`---\ntitle: Just under 4 MiB\ndate: ${DATE}\n---\n`, 'All work and no play makes a dull post.\n\n', 4 * MiB - 1024), expect: { published: 'Just under 4 MiB', contains: 'dull post' } },
  { key: 'size/giant-front-matter.md', make: () => yamlPost(`title: Giant front matter\ndate: ${DATE}\n${Array.from({ length: 100_000 }, (_, i) => `key${i}: value ${i}`).join('\n')}`), expect: { published: 'Giant front matter' } },
  // 100,000 characters of markup: every format carries it back as text.
  { key: 'size/title-100k.md', make: () => titled(HUGE_TITLE), expect: { published: HUGE_TITLE } },

  // Not UTF-8 text.
  { key: 'bin/png.md', make: () => bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR', noise(4096)), expect: { skipped: BINARY } },
  { key: 'bin/nul-in-body.md', make: () => bytes(titled('NUL in the body', { body: 'Text\0more text\n' })), expect: { skipped: BINARY } },
  { key: 'bin/latin-1.md', make: () => bytes('---\ntitle: Caf', [0xe9], `\ndate: ${DATE}\n---\nBody.\n`), expect: { skipped: new RegExp(`${NOT_UTF8.source} \\(it is probably Latin-1 or Windows-1252\\)$`) } },
  // A surrogate encoded in UTF-8 (CESU-8, Java's "modified UTF-8"): not UTF-8.
  { key: 'bin/cesu-8.md', make: () => bytes('---\ntitle: Sur', [0xed, 0xa0, 0x80], `\ndate: ${DATE}\n---\nBody.\n`), expect: { skipped: NOT_UTF8 } },
  { key: 'bin/utf-16le-bom.md', make: () => utf16(titled('UTF-16'), 'le'), expect: { skipped: /: is saved as UTF-16; save it as UTF-8$/ } },
  { key: 'bin/utf-16be-bom.md', make: () => utf16(titled('UTF-16'), 'be'), expect: { skipped: /: is saved as UTF-16; save it as UTF-8$/ } },
  { key: 'bin/utf-16le-no-bom.md', make: () => utf16(titled('UTF-16'), 'le', false), expect: { skipped: BINARY } },

  // BOMs and line endings: invisible in an editor, so they must not matter.
  { key: 'text/three-boms.md', make: () => `\uFEFF\uFEFF\uFEFF${titled('Three BOMs')}`, expect: { published: 'Three BOMs' } },
  { key: 'text/crlf.md', make: () => titled('CRLF line endings', { body: 'One.\n\nTwo.\n' }).replaceAll('\n', '\r\n'), expect: { published: 'CRLF line endings', contains: '<p>Two.</p>' } },
  { key: 'text/cr-only.md', make: () => titled('CR-only line endings', { body: 'One.\n\nTwo.\n' }).replaceAll('\n', '\r'), expect: { published: 'CR-only line endings', contains: '<p>Two.</p>' } },
  { key: 'text/empty.md', make: () => '', expect: { skipped: /:1: has no front matter; start the file with a --- line, then title: and date:, then a --- line$/ } },

  // Duplicated keys work in YAML (the last wins, as Jekyll's parser reads them), with a warning.
  { key: 'dup/title.md', make: () => yamlPost(`title: First\ndate: ${DATE}\ntitle: Second wins`), expect: { published: 'Second wins', warning: /:4: duplicate key "title" \(first at line 2\); the last value is used, remove the other one$/ } },
  { key: 'dup/nested.md', make: () => yamlPost(`title: Nested duplicate\ndate: ${DATE}\nauthor: {name: A, name: B}`), expect: { published: 'Nested duplicate', warning: /:4: duplicate key "name"/ } },
  // TOML forbids them (Hugo's TOML reader refuses them too).
  { key: 'dup/toml.md', make: () => tomlPost(`title = "One"\ntitle = "Two"\ndate = ${DATE}`), expect: { skipped: /:3: TOML error: .*redefine/ } },

  // Dates no calendar has.
  { key: 'date/year-0000.md', make: () => titled('Year 0000', { date: '0000-01-01' }), expect: { skipped: /:3: date "0000-01-01" is out of range: the year must be between 0001 and 9999 \(in UTC\); correct the year$/ } },
  { key: 'date/year-9999.md', make: () => titled('Year 9999', { date: '9999-12-31T23:59:59Z' }), expect: { held: 'a valid date, 7,973 years to come' } },
  { key: 'date/negative-year.md', make: () => titled('Year -1', { date: '-0001-01-01' }), expect: { skipped: /:3: date "-0001-01-01" is not a date; use YYYY-MM-DD or RFC 3339/ } },
  { key: 'date/february-30.md', make: () => titled('February 30', { date: '2026-02-30' }), expect: { skipped: /:3: date "2026-02-30" is not a calendar date; check the month, day and time$/ } },
  { key: 'date/100k-characters.md', make: () => titled('Long date', { date: '9'.repeat(100_000) }), expect: { skipped: /:3: date "9{80}…" \(100,000 characters\) is not a date; use YYYY-MM-DD/ } },

  // Terms: each is three feeds, so a generated list is refused, not published as 6,000 files.
  { key: 'tags/2000-tags.md', make: () => titled('2,000 tags', { extra: `tags: ${flowList(2000, (i) => `cloud-${i}`)}` }), expect: { skipped: /:4: tags has 2,000 entries, more than the 100 a post may have \(each is a feed of its own\); keep the ones readers would follow$/ } },
  // Jekyll splits a tags string on spaces: a pasted paragraph is 2,000 tags too.
  { key: 'tags/2026-05-01-pasted-words.md', make: () => titled('2,000 words as tags', { extra: `tags: ${Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ')}` }), expect: { skipped: /:4: tags has 2,000 entries, more than the 100/ } },
  { key: 'tags/evil.md', make: () => titled('Evil tags', { extra: `tags: ${flowList(EVIL_TAGS.length, (i) => EVIL_TAGS[i]!)}` }), expect: { published: 'Evil tags', categories: EVIL_TAGS.filter((tag) => tag !== '\u0000\uFFFE') } },
  { key: 'tags/10k-characters.md', make: () => titled('A 10,000-character tag', { extra: `tags: [${'L'.repeat(10_000)}]` }), expect: { published: 'A 10,000-character tag', categories: ['L'.repeat(10_000)] } },

  // Titles that would break out of CDATA, markup or entities if any format did not escape them.
  { key: 'title/markup.md', make: () => titled(MARKUP_TITLE), expect: { published: MARKUP_TITLE } },
  // YAML escapes for what XML cannot carry: U+0000, U+FFFE, lone surrogates. They go, the rest stays.
  { key: 'title/not-xml.md', make: () => yamlPost(`title: "bad \\0 \\uFFFE \\uD800 \\uDFFF chars"\ndate: ${DATE}`), expect: { published: 'bad     chars' } },
  { key: 'title/only-not-xml.md', make: () => yamlPost(`title: "\\0\\x01\\uFFFE"\ndate: ${DATE}`), expect: { skipped: /:2: title is empty; give the post a title$/ } },
  // js-yaml's unsafe types are not in our schema: never a function, never evaluated.
  { key: 'title/js-function.md', make: () => yamlPost(`title: !!js/function "function () { return 1 }"\ndate: ${DATE}`), expect: { skipped: /:2: YAML error: a value starting with "!" must be quoted/ } },
  // Keys that pollute Object.prototype in naive merges: plain keys here.
  { key: 'keys/proto.md', make: () => yamlPost(`title: Prototype keys\ndate: ${DATE}\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}`), expect: { published: 'Prototype keys' } },

  // Raw HTML a reader must never run, and attributes that took the sanitizer minutes.
  { key: 'html/scripts.md', make: () => titled('Scripts and javascript: URLs', { body: SCRIPTS }), expect: { published: 'Scripts and javascript: URLs', contains: 'still here' } },
  { key: 'html/srcset-commas.md', make: () => titled('A megabyte of srcset commas', { body: `<img src="a.png" srcset="${','.repeat(MiB)}">\n\nstill here\n` }), expect: { published: 'A megabyte of srcset commas', contains: 'still here' } },
  { key: 'html/srcset-50k.md', make: () => titled('50,000 srcset candidates', { body: `<img src="a.png" srcset="${Array.from({ length: 50_000 }, (_, i) => `i${i}.png ${i + 1}w`).join(', ')}">\n` }), expect: { published: '50,000 srcset candidates', contains: 'i49999.png 50000w' } },
  { key: 'html/unbalanced-quotes.md', make: () => titled('Unbalanced quotes', { body: `<img src="a.png alt='x>${' text'.repeat(100_000)}\n\n<a href='b>c</a> <p title="x>still here\n` }), expect: { published: 'Unbalanced quotes', contains: 'still here' } },

  // Template syntax: nesting is paired to 64 levels, the rest said; nothing left unclosed hangs.
  { key: 'tpl/hugo-nested.md', make: () => titled('Shortcodes 10,000 deep', { body: nested('{{< note >}}', '{{< /note >}}', 10_000, 'deep down') }), expect: { published: 'Shortcodes 10,000 deep', contains: 'deep down', warning: /{{< note >}}: it is not known/ } },
  { key: 'tpl/liquid-unbalanced.md', make: () => titled('Unbalanced Liquid', { body: `${'{% if x %}'.repeat(10_000)}deep down${'{% endfor %}'.repeat(5_000)}` }), expect: { published: 'Unbalanced Liquid', contains: 'deep down', warning: /{% endfor %}: it closes nothing, so it was removed$/ } },
  { key: 'tpl/raw-unclosed.md', make: () => titled('Unclosed raw', { body: `${'{% raw %}'.repeat(10_000)}still here` }), expect: { published: 'Unclosed raw', contains: 'still here', warning: /{% raw %}: it is never closed.*; add {% endraw %} where its text ends$/ } },
];

// ------------------------------------------------------------------------------ S3

/** Keys whose listing goes through S3's XML: the test server holds each as written. */
export const BUCKET_FILES: HostileFile[] = [
  { key: 'back\\slash.md', make: () => titled('Backslash'), expect: { skipped: unsafeName('it contains a backslash') } },
  { key: '%2e%2e/encoded-dots.md', make: () => titled('Encoded dots'), expect: { skipped: unsafeName('it has a "%2e%2e" path segment') } },
  { key: 'encoded%2Fslash.md', make: () => titled('Encoded slash'), expect: { skipped: unsafeName('it has an encoded separator in "encoded%2Fslash\\.md"') } },
  // Control characters are legal in S3 keys; the post's URL carries them percent-encoded.
  { key: 'control\u0001char.md', make: () => titled('Key with U+0001'), expect: { published: 'Key with U+0001' } },
  { key: 'tab\there.md', make: () => titled('Key with a tab'), expect: { published: 'Key with a tab' } },
  { key: 'line\nfeed.md', make: () => titled('Key with a line feed'), expect: { published: 'Key with a line feed' } },
  // XML turns CR into LF, so the listed key is not the stored one: the GET finds nothing and the
  // post is called "disappeared while the build ran" on every run (reported, src/stores/s3.ts).
  { key: 'carriage\rreturn.md', make: () => titled('Key with a carriage return'), expect: { reported: 'listed with LF for CR; the advice given is wrong', as: 'carriage\nreturn.md' } },
  // S3's longest key: 1,024 bytes with the `posts/` prefix, in four folders of 250 characters.
  { key: `${Array.from({ length: 4 }, (_, i) => String(i).repeat(250)).join('/')}/long-123456.md`, make: () => titled('The longest key S3 allows'), expect: { published: 'The longest key S3 allows' } },
  { key: '<img src=x onerror=alert(1)>.md', make: () => titled('Markup in the key'), expect: { published: 'Markup in the key' } },
  { key: ']]>&amp;&#0;.md', make: () => titled('CDATA end and entities in the key'), expect: { published: 'CDATA end and entities in the key' } },
  { key: 'what?#fragment.md', make: () => titled('Query and fragment in the key'), expect: { published: 'Query and fragment in the key' } },
  { key: '\u202Eevil\u202C%zz.md', make: () => titled('Bidi override and a bad escape in the key'), expect: { published: 'Bidi override and a bad escape in the key' } },
];

// ------------------------------------------------------------------------------ a local folder

const link = (target: string) => (path: string) => symlinkSync(target, path);

/** What only a file system holds; the CLI reads it as a user whom permissions stop. */
export const LOCAL_FILES: HostileLocalFile[] = [
  { key: 'loop.md', make: link('loop.md'), expect: { skipped: /: it could not be read \(ELOOP: too many symbolic links encountered\)$/ } },
  { key: 'ping.md', make: link('pong.md'), expect: { skipped: /: it could not be read \(ELOOP/ } },
  { key: 'pong.md', make: link('ping.md'), expect: { skipped: /: it could not be read \(ELOOP/ } },
  // 41 links to a good post: one more than the kernel follows. The links are in a hidden folder.
  { key: 'chain.md', make: (path) => linkChain(path, 41), expect: { skipped: /: it could not be read \(ELOOP/ } },
  // Followed like any link to a file (a notes folder linked in); see the report on this policy.
  { key: 'outside.md', make: (path, outside) => { writeFileSync(join(outside, 'kept-elsewhere.md'), titled('Kept outside the source')); symlinkSync(join(outside, 'kept-elsewhere.md'), path); }, expect: { published: 'Kept outside the source' } },
  { key: 'locked.md', make: (path) => writeFileSync(path, titled('Locked')), mode: 0o000, expect: { skipped: /: it could not be read \(EACCES: permission denied\); the next run tries again$/ } },
  { key: 'locked-folder/', make: (path) => { mkdirSync(path); writeFileSync(join(path, 'inside.md'), titled('In a locked folder')); }, mode: 0o000, expect: { skipped: /: the folder could not be read \(EACCES: permission denied\); the posts in it are skipped$/ } },
  // Enterable but not listable.
  { key: 'unlistable-folder/', make: (path) => { mkdirSync(path); writeFileSync(join(path, 'inside.md'), titled('In an unlistable folder')); }, mode: 0o111, expect: { skipped: /: the folder could not be read \(EACCES: permission denied\)/ } },
  // Opening a FIFO blocks until someone writes: a build that read it would never end.
  { key: 'fifo.md', make: (path) => execFileSync('mkfifo', [path]), expect: { ignored: 'not a regular file' } },
  { key: 'zero.md', make: link('/dev/zero'), expect: { ignored: 'a device, endless' } },
  { key: 'folder.md/inside.md', make: (path) => { mkdirSync(dirname(path)); writeFileSync(path, titled('In a folder named folder.md')); }, expect: { published: 'In a folder named folder.md' } },
  // Silent today (reported): a dangling link and a linked folder are left out without a word.
  { key: 'dangling.md', make: link('no-such-file.md'), expect: { ignored: 'its target does not exist' } },
  { key: 'linked-folder.md', make: link('.'), expect: { ignored: 'a link to a folder (here its own, a cycle) is not followed' } },
  { key: '50-mb-single-line.md', make: (path) => writeFileSync(path, padded(`---\ntitle: One huge line\ndate: ${DATE}\n---\n`, 'x', 50 * MiB)), expect: { skipped: /: is 50\.0 MiB, larger than the 4\.0 MiB a post may be/ } },
];

function linkChain(path: string, hops: number): void {
  const dir = join(dirname(path), '.links');
  mkdirSync(dir);
  for (let i = 0; i < hops - 1; i++) symlinkSync(i === hops - 2 ? '../good.md' : `l${i + 1}`, join(dir, `l${i}`));
  symlinkSync('.links/l0', path);
}

export const HOSTILE_COUNT = MEMORY_FILES.length + BUCKET_FILES.length + LOCAL_FILES.length;
