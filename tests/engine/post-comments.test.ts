/**
 * Front matter `comments`/`discussion`, end to end through runBuild: RSS `<comments>`, Atom
 * `link rel="replies"`, nothing in JSON Feed; kept in the manifest's records, which records
 * written before the field existed still load as.
 */
import { describe, expect, it } from 'vitest';
import { NS, children, jingAtom, jsonFeedSchemaErrors, readXml, rssChannel } from '../support/feed-checks.ts';
import { buildMemory, post, readFeedSet, text } from './helpers.ts';

const MANIFEST = '.feedbucket/manifest.json';
const BASE = 'https://blog.example.com/';

const FILES = {
  'posts/talked.md': post({ title: 'Talked about', date: '2026-05-03T00:00:00Z', comments: '"#comments"' }),
  'posts/elsewhere.md': post({ title: 'Elsewhere', date: '2026-05-02T00:00:00Z', discussion: 'https://news.example.com/item?id=1&x=2' }),
  'posts/switched-on.md': post({ title: 'Switched on', date: '2026-05-01T00:00:00Z', comments: true }),
};

const DISCUSSIONS = [`${BASE}talked/#comments`, 'https://news.example.com/item?id=1&x=2', undefined];

describe('where a post is discussed', () => {
  it('is RSS <comments> and an Atom rel="replies" link; JSON Feed has no field for it; a comments flag is neither', async () => {
    const { summary, out } = await buildMemory(FILES);
    expect(summary.errors).toEqual([]);
    expect(summary.warnings).toEqual([]);
    const { texts } = await readFeedSet(out);
    const rssItems = children(rssChannel(texts.rss), NS.none, 'item');
    expect(rssItems.map((item) => children(item, NS.none, 'comments')[0]?.text)).toEqual(DISCUSSIONS);
    const entries = children(readXml(texts.atom), NS.atom, 'entry');
    const replies = entries.map((entry) => children(entry, NS.atom, 'link').find((link) => link.attributes.rel === 'replies')?.attributes);
    expect(replies).toEqual(DISCUSSIONS.map((href) => href && { rel: 'replies', type: 'text/html', href }));
    expect(texts.json).not.toContain('#comments');
    expect(texts.json).not.toContain('news.example.com');
    expect(jingAtom(texts.atom)).toEqual({ ok: true, output: '' });
    expect(jsonFeedSchemaErrors(texts.json)).toEqual([]);
  });

  it('is kept in the manifest, so a run that reads no post publishes the same bytes', async () => {
    const first = await buildMemory(FILES);
    const feeds = await readFeedSet(first.out);
    const again = await buildMemory(FILES, { out: first.out, force: false });
    expect(again.summary.feeds.filter((feed) => feed.changed)).toEqual([]);
    expect((await readFeedSet(first.out)).texts).toEqual(feeds.texts);
    expect(await text(first.out, MANIFEST)).toContain(`"comments":"${BASE}talked/#comments"`);
  });

  it('loads records written before the field existed without a warning', async () => {
    const first = await buildMemory({ 'posts/plain.md': post({ title: 'Plain', date: '2026-05-01T00:00:00Z' }) });
    const manifest = await text(first.out, MANIFEST);
    expect(manifest).not.toContain('comments');
    // Without the digest that vouches for the records and the shortcut that answers from the head
    // alone: every record is loaded and checked.
    const [head = '', records] = manifest.split('\n');
    const { records: _digest, unchanged: _shortcut, ...older } = JSON.parse(head) as Record<string, unknown>;
    await first.out.put(MANIFEST, `${JSON.stringify(older)}\n${records}\n`, 'application/json');
    const { summary } = await buildMemory({ 'posts/plain.md': post({ title: 'Plain', date: '2026-05-01T00:00:00Z' }) }, { out: first.out, force: false });
    expect(summary.warnings).toEqual([]);
    expect(summary.feeds.filter((feed) => feed.changed)).toEqual([]);
  });
});
