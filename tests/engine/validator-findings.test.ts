/**
 * What a reviewer found running the W3C feed validator and jing on our outputs, end to end
 * through runBuild: author e-mails that are no address, names and terms of characters XML
 * cannot carry, RSS plain text in CDATA, and items with no textual content.
 */
import { describe, expect, it } from 'vitest';
import { jingAtom, jsonFeedSchemaErrors, xmlProblem } from '../support/feed-checks.ts';
import { buildMemory, expectSameItems, feedDirs, formats, post, readFeedSet } from './helpers.ts';

const FILES = {
  'posts/obfuscated.md': [
    '---',
    'title: Obfuscated',
    'date: 2026-05-04T00:00:00Z',
    'author: {name: Bob, email: "bob at example dot com"}',
    '---',
    'Body.',
    '',
  ].join('\n'),
  'posts/control.md': post({ title: 'Control', date: '2026-05-03T00:00:00Z', author: '"\\x01"', tags: ['x\u000by', '\u0001', 'plain'] }),
  'posts/empty.md': post({ title: 'Only a title & <more>', date: '2026-05-02T00:00:00Z', tags: ['plain'] }, ''),
  'posts/calm.md': post({ title: '"Q&A: C++ <templates>"', date: '2026-05-01T00:00:00Z', tags: ['C++ & <templates>'] }),
};

describe('validator findings, end to end', () => {
  it('gives schema-valid Atom without an <email> that is no address, and says why in a warning', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.errors).toEqual([]);
    expect(summary.skipped).toEqual([]);
    expect(summary.warnings.map((warning) => warning.warning)).toContainEqual(
      expect.stringMatching(/^posts\/obfuscated\.md:4: author email "bob at example dot com" is not an e-mail address; it is left out; write it as name@example\.com/),
    );
    for (const feed of summary.feeds) {
      const body = (await readFeedSet(out, feed.key.slice(0, feed.key.lastIndexOf('/') + 1))).texts;
      expect(body.atom).not.toContain('<email>');
      expect(jingAtom(body.atom), feed.key).toEqual({ ok: true, output: '' });
      expect(jsonFeedSchemaErrors(body.json), feed.key).toEqual([]);
      expect(xmlProblem(body.rss), feed.key).toBeUndefined();
    }
    const set = await readFeedSet(out);
    for (const [format, items] of formats(set)) expect(items[0]?.authors, format).toEqual(['Bob']);
  });

  it('drops an author named only by control characters, so the site author applies, with a warning', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.warnings.map((warning) => warning.warning)).toContainEqual(
      expect.stringMatching(/^posts\/control\.md:\d+: author has a name made only of characters a feed cannot carry/),
    );
    const set = await readFeedSet(out);
    const control = (items: { title: string; authors: string[] }[]) => items.find((item) => item.title === 'Control')?.authors;
    for (const [format, items] of formats(set)) expect(control(items), format).toEqual(['Ada Example']);
    expect(set.texts.atom).not.toMatch(/<name\/>|<name><\/name>/);
    expect(set.texts.json).not.toContain('"name": ""');
  });

  it('cleans a term before it is slugged: "x\\vy" is the tag xy at tags/xy/, and a control-character tag is none', async () => {
    const { summary, out } = await buildMemory(FILES);
    const tagDirs = feedDirs(summary).filter((dir) => dir.startsWith('tags/'));
    expect(tagDirs).toContain('tags/xy/');
    expect(tagDirs).not.toContain('tags/x-y/');
    expect(tagDirs.filter((dir) => dir.startsWith('tags/term-'))).toEqual([]);
    const set = await readFeedSet(out, 'tags/xy/');
    for (const [format, items] of formats(set)) expect(items.map((item) => item.categories), format).toEqual([['xy', 'plain']]);
  });

  it('gives an item without a summary its title as summary in all three formats', async () => {
    const { out } = await buildMemory(FILES);
    const set = await readFeedSet(out);
    expectSameItems(set.atom, set.rss, 'atom vs rss');
    expectSameItems(set.json, set.rss, 'json vs rss');
    for (const [format, items] of formats(set)) {
      const empty = items.find((item) => item.title === 'Only a title & <more>');
      expect([empty?.html, empty?.summary], format).toEqual(['', 'Only a title & <more>']);
    }
  });

  it('writes RSS plain text with hexadecimal references, CDATA only for HTML', async () => {
    const { out } = await buildMemory(FILES);
    for (const dir of ['', 'tags/c-plus-plus-and-templates/']) {
      const rss = (await readFeedSet(out, dir)).texts.rss;
      expect(rss).toContain('<title>Q&#x26;A: C++ &#x3C;templates&gt;</title>');
      const cdata = rss.split('\n').filter((line) => line.includes('<![CDATA['));
      expect(cdata.every((line) => line.trimStart().startsWith('<content:encoded>')), dir).toBe(true);
    }
    const tagRss = (await readFeedSet(out, 'tags/c-plus-plus-and-templates/')).texts.rss;
    expect(tagRss).toContain('<category>C++ &#x26; &#x3C;templates&gt;</category>');
  });
});
