/**
 * The browser view's plumbing: RSS and Atom name the stylesheet right after the XML declaration
 * and are written as XML; the stylesheet is one more file the build owns, written beside the main
 * feeds while the view is on and some feed is published, deleted when it is turned off.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedStylesheet } from '../../src/documents/feed-stylesheet.ts';
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { jingAtom, makeFeedDocument } from '../support/feed-checks.ts';
import { renderAtom, renderJsonFeed, renderRss } from '../documents/render.ts';
import { NOW, buildMemory, keys, post, siteConfig, snapshotDir, tempDir, text } from './helpers.ts';

const POSTS = { 'a.md': post({ title: 'A', date: '2024-01-01', tags: ['x'] }), 'b.md': post({ title: 'B', date: '2024-01-02' }) };
const DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

describe('the stylesheet instruction', () => {
  it.each([
    ['rss', renderRss],
    ['atom', renderAtom],
  ] as const)('%s names it on the line after the declaration, its URL escaped as an attribute', (_format, render) => {
    const xml = render(makeFeedDocument({ stylesheet: 'https://blog.example.com/feedbucket.css?v="1"&x' }));
    expect(xml.startsWith(`${DECLARATION}<?xml-stylesheet type="text/css" href="https://blog.example.com/feedbucket.css?v=%221%22&amp;x"?>\n<`)).toBe(true);
  });

  it.each([
    ['rss', renderRss],
    ['atom', renderAtom],
  ] as const)('%s without a stylesheet starts with its root element after the declaration', (_format, render) => {
    expect(render(makeFeedDocument()).startsWith(`${DECLARATION}<`)).toBe(true);
    expect(render(makeFeedDocument())).not.toContain('xml-stylesheet');
  });

  it('leaves JSON Feed alone and keeps Atom valid (jing)', () => {
    expect(renderJsonFeed(makeFeedDocument({ stylesheet: 'https://blog.example.com/feedbucket.css' }))).toBe(renderJsonFeed(makeFeedDocument()));
    const verdict = jingAtom(renderAtom(makeFeedDocument({ stylesheet: 'https://blog.example.com/feedbucket.css' })));
    expect(verdict.ok, verdict.output).toBe(true);
  });
});

describe('the stylesheet file', () => {
  it('is written beside the main feeds, which name it and are served as XML; JSON keeps its type', async () => {
    const { out, summary } = await buildMemory(POSTS, { config: siteConfig({ browserView: true }) });
    expect(summary.errors).toEqual([]);
    expect(out.contentType(STYLESHEET_KEY)).toBe('text/css; charset=utf-8');
    expect(out.cacheControl(STYLESHEET_KEY)).toBe('public, max-age=86400');
    expect(await text(out, STYLESHEET_KEY)).toContain('@namespace atom url(http://www.w3.org/2005/Atom);');
    for (const key of ['rss.xml', 'atom.xml', 'tags/x/rss.xml']) {
      expect(out.contentType(key)).toBe('application/xml; charset=utf-8');
      expect(await text(out, key)).toContain(`<?xml-stylesheet type="text/css" href="https://blog.example.com/${STYLESHEET_KEY}"?>`);
    }
    expect(out.contentType('feed.json')).toBe('application/feed+json; charset=utf-8');
    // Not a feed: the summary lists the feeds only.
    expect(summary.feeds.map((feed) => feed.key)).not.toContain(STYLESHEET_KEY);
  });

  it('is deleted when the view is turned off, and the feeds go back to their own types; other files stay', async () => {
    const on = await buildMemory(POSTS, { config: siteConfig({ browserView: true }) });
    await on.out.put('index.html', '<p>mine</p>', 'text/html');
    const off = await buildMemory(POSTS, { config: siteConfig({ browserView: false }), out: on.out });
    expect(off.summary.deleted).toEqual([STYLESHEET_KEY]);
    expect(await keys(off.out)).toContain('index.html');
    expect(off.out.contentType('rss.xml')).toBe('application/rss+xml; charset=utf-8');
    expect(await text(off.out, 'rss.xml')).not.toContain('xml-stylesheet');
  });

  it('is written once: a run with nothing changed writes nothing', async () => {
    const first = await buildMemory(POSTS, { config: siteConfig({ browserView: true }) });
    const again = await buildMemory(POSTS, { config: siteConfig({ browserView: true }), out: first.out });
    expect(again.summary.requests.put).toBe(0);
  });

  it('goes with the last feed: unpublishing every post deletes it too', async () => {
    const on = await buildMemory(POSTS, { config: siteConfig({ browserView: true }) });
    const gone = await buildMemory({}, { config: siteConfig({ browserView: true }), out: on.out, allowShrink: true });
    expect(gone.summary.deleted).toContain(STYLESHEET_KEY);
    expect(await keys(gone.out)).toEqual([MANIFEST_KEY]);
  });

  it('in a local folder: written again when its bytes differ, deleted when the view is off; the site\'s own files stay', async () => {
    const dir = await tempDir('browser-view');
    const own = { 'style.css': 'body { color: red; }', 'css/feedbucket.css': '/* a theme of the same name, elsewhere */' };
    for (const [key, body] of Object.entries(own)) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), body);
    }
    const build = (browserView: boolean) =>
      runBuild({ config: siteConfig({ browserView }), now: NOW, stores: { source: createMemoryStore(POSTS), out: createLocalStore(dir) } });
    const stylesheet = join(dir, STYLESHEET_KEY);

    await build(true);
    expect(readFileSync(stylesheet, 'utf8')).toBe(feedStylesheet().body.join(''));
    const feeds = await snapshotDir(dir);
    writeFileSync(stylesheet, 'edited by hand');
    await build(true);
    expect(readFileSync(stylesheet, 'utf8')).toBe(feedStylesheet().body.join(''));
    // Only the stylesheet was written again: the feeds' files are the same files.
    const after = await snapshotDir(dir);
    for (const key of ['rss.xml', 'atom.xml', 'feed.json']) expect(after.get(key)?.mtimeMs, key).toBe(feeds.get(key)?.mtimeMs);

    const off = await build(false);
    expect(off.deleted).toEqual([STYLESHEET_KEY]);
    expect(existsSync(stylesheet)).toBe(false);
    for (const [key, body] of Object.entries(own)) expect(readFileSync(join(dir, key), 'utf8'), key).toBe(body);
  });
});
