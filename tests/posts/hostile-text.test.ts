/**
 * Two rules that hostile files (tests/hostile/) showed were missing: every BOM before the opening
 * fence is dropped, not only the one the decoder drops; and a message quotes a front-matter value
 * whole only while it is short, so a megabyte-long `date:` does not make a megabyte-long log line.
 */
import { describe, expect, it } from 'vitest';
import { decodePost } from '../../src/posts/decode.ts';
import { quoted } from '../../src/posts/diagnostic.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from '../support/site-config.ts';

const encoder = new TextEncoder();

/** As the pipeline reads a file: bytes, decoded, then parsed. */
function read(key: string, text: string) {
  const decoded = decodePost(key, encoder.encode(text));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return parsePost(key, decoded.text, siteConfig());
}

describe('BOMs before the opening fence', () => {
  it.each([1, 2, 3, 5])('%i of them: the post is read as if it had none', (count) => {
    const outcome = read('boms.md', `${'\uFEFF'.repeat(count)}---\ntitle: Many BOMs\ndate: 2026-05-01\n---\nBody.\n`);
    expect(outcome.ok && outcome.post.title).toBe('Many BOMs');
  });

  it('a BOM inside the text is text', () => {
    const outcome = read('inner.md', '---\ntitle: "a\uFEFFb"\ndate: 2026-05-01\n---\nBody.\n');
    expect(outcome.ok && outcome.post.title).toBe('a\uFEFFb');
  });
});

describe('front-matter values quoted in messages', () => {
  it('quotes a short value whole, and a long one by its start and length', () => {
    expect(quoted('soon')).toBe('"soon"');
    expect(quoted('x'.repeat(80))).toBe(`"${'x'.repeat(80)}"`);
    expect(quoted('x'.repeat(100_000))).toBe(`"${'x'.repeat(80)}…" (100,000 characters)`);
    // Never half of a surrogate pair: the message is text a feed or a log can carry.
    expect(quoted(`${'x'.repeat(79)}😀${'y'.repeat(50)}`)).toBe(`"${'x'.repeat(79)}…" (131 characters)`);
  });

  // Values are trimmed before they are read: the last space is not counted.
  const LONG = 'September '.repeat(10_000);
  const CASES: [name: string, front: string, message: RegExp][] = [
    ['a date that is no date', `date: ${LONG}`, /^long\.md:3: date "(September ){8}…" \(99,999 characters\) is not a date; use YYYY-MM-DD/],
    ['a year out of range', `date: ${'9'.repeat(100_000)}-01-01`, /^long\.md:3: date "9{80}…" \(100,006 characters\) is out of range/],
    ['a url that is no web address', `date: 2026-05-01\nurl: "javascript:${LONG}"`, /^long\.md:4: url "javascript:(September ){6}September…" \(100,010 characters\) is not a web address/],
    ['a draft flag that is no flag', `date: 2026-05-01\ndraft: ${LONG}`, /^long\.md:4: draft "(September ){8}…" \(99,999 characters\) is not true or false/],
    ['an e-mail that is no address', `date: 2026-05-01\nauthor: {name: A, email: "${LONG}"}`, /^long\.md:4: author email "(September ){8}…" \(99,999 characters\) is not an e-mail address/],
  ];

  it.each(CASES)('%s: one short message that still names the file, the line and the fix', (_name, front, message) => {
    const outcome = read('long.md', `---\ntitle: Long values\n${front}\n---\nBody.\n`);
    const messages = [...(outcome.ok ? [] : [outcome.error.message]), ...outcome.warnings.map((warning) => warning.message)];
    expect(messages).toEqual([expect.stringMatching(message)]);
    expect(messages[0]!.length).toBeLessThan(300);
  });
});
