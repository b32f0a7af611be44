/**
 * RFC 5005 `fh:complete`: a feed that holds every post it is about says so, in RSS and Atom, so a
 * reader knows there is nothing older to look for; one that left posts out (the `limit`, the byte
 * budget) says nothing.
 */
import { describe, expect, it } from 'vitest';
import { NS, children, jingAtom, readXml, rssChannel, type XElement } from '../support/feed-checks.ts';
import { buildMemory, post, siteConfig, text } from './helpers.ts';

const FH = 'http://purl.org/syndication/history/1.0';

/** Four posts: three tagged `rust`, one tagged `go`, one a day apart each. */
const POSTS = Object.fromEntries(
  [1, 2, 3, 4].map((day) => [`p${day}.md`, post({ title: `Post ${day}`, date: `2024-01-0${day}`, tags: [day === 4 ? 'go' : 'rust'] }, `Text of post ${day}.\n`)]),
);

const markers = (feed: XElement) => children(feed, FH, 'complete').length;

/** Each feed directory's `fh:complete` count in RSS and in Atom. */
async function completeness(limit: number, extra: Partial<ReturnType<typeof siteConfig>> = {}) {
  const { out, summary } = await buildMemory(POSTS, { config: siteConfig({ limit, ...extra }) });
  expect(summary.errors).toEqual([]);
  const found: Record<string, { rss: number; atom: number }> = {};
  for (const dir of ['', 'tags/rust/', 'tags/go/']) {
    found[dir] = { rss: markers(rssChannel(await text(out, `${dir}rss.xml`))), atom: markers(readXml(await text(out, `${dir}atom.xml`))) };
  }
  return { found, out };
}

describe('fh:complete (RFC 5005)', () => {
  it.each([
    // limit → which feeds hold every post they are about
    { limit: 20, main: 1, rust: 1, go: 1 },
    { limit: 3, main: 0, rust: 1, go: 1 },
    { limit: 2, main: 0, rust: 0, go: 1 },
  ])('limit $limit: main $main, rust $rust, go $go', async ({ limit, main, rust, go }) => {
    const { found } = await completeness(limit);
    expect(found).toEqual({ '': { rss: main, atom: main }, 'tags/rust/': { rss: rust, atom: rust }, 'tags/go/': { rss: go, atom: go } });
  });

  it('is declared in the history namespace, sits among the feed-level elements, and Atom stays schema-valid', async () => {
    const { out } = await completeness(20);
    const rss = await text(out, 'rss.xml');
    expect(rss).toContain(`xmlns:fh="${FH}"`);
    expect(rss.indexOf('<fh:complete/>')).toBeLessThan(rss.indexOf('<item>'));
    const atom = await text(out, 'atom.xml');
    expect(atom.indexOf('<fh:complete/>')).toBeLessThan(atom.indexOf('<entry>'));
    expect(children(readXml(atom), NS.atom, 'entry')).toHaveLength(4);
    const verdict = jingAtom(atom);
    expect(verdict.ok, verdict.output).toBe(true);
  });

  it('is left out of a feed the byte budget cut short', async () => {
    const { out } = await completeness(20);
    const whole = Buffer.byteLength(await text(out, 'atom.xml'));
    const { found } = await completeness(20, { maxBytes: whole - 200 });
    expect(found['']).toEqual({ rss: 0, atom: 0 });
  });

  it('is not declared by a feed that does not hold every post', async () => {
    const { out } = await completeness(2);
    expect(await text(out, 'rss.xml')).not.toContain('syndication/history');
    expect(await text(out, 'atom.xml')).not.toContain('syndication/history');
  });
});
