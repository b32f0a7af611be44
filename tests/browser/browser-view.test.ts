/**
 * The browser view in a real browser: Debian's headless Chromium opens the RSS and the Atom feed
 * of a build, served from 127.0.0.1 with the Content-Type the build stored (what S3 serves), and a
 * person sees a page: the subscribe banner, the feed's title, the items' titles. A screenshot of
 * each is kept under test-artifacts/ (git-ignored) to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLESHEET_KEY } from '../../src/feeds/feed-files.ts';
import type { MemoryStore } from '../../src/stores/memory.ts';
import { REPO, buildMemory, post, siteConfig } from '../engine/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO, 'test-artifacts');

/** Newest first: what the first items of each feed must show. */
const TITLES = ['Bucket notes & <tips>', 'Second post', 'First post'];

const POSTS = {
  'third.md': post({ title: JSON.stringify(TITLES[0]), date: '2024-03-03', tags: ['notes'] }, 'A post whose title needs escaping.\n'),
  'second.md': post({ title: JSON.stringify(TITLES[1]), date: '2024-03-02' }, 'Text of the second post.\n'),
  'first.md': post({ title: JSON.stringify(TITLES[2]), date: '2024-03-01' }, 'Text of the first post.\n'),
};

/** Serves `out` as the bucket would: each object's bytes with the Content-Type it was written with. */
function serve(out: () => MemoryStore): Promise<Server> {
  const server = createServer((request, response) => {
    const key = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1));
    void out()
      .get(key)
      .then((bytes) => {
        if (bytes === undefined) return response.writeHead(404).end();
        response.writeHead(200, { 'content-type': out().contentType(key) ?? 'application/octet-stream' }).end(bytes);
      });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The text a person sees: text and `::before`/`::after` content of every element that is displayed. */
function visibleText(): string {
  const parts: string[] = [];
  const generated = (element: Element, pseudo: string) => {
    const content = getComputedStyle(element, pseudo).content;
    if (content && content !== 'none' && content !== 'normal') parts.push(content.replace(/^"|"$/g, ''));
  };
  const walk = (element: Element) => {
    if (getComputedStyle(element).display === 'none') return;
    generated(element, '::before');
    for (const node of element.childNodes) {
      // Titles are often CDATA sections, which the browser shows as text.
      if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE) parts.push(node.textContent ?? '');
      else if (node.nodeType === Node.ELEMENT_NODE) walk(node as Element);
    }
    generated(element, '::after');
  };
  walk(document.documentElement);
  return parts.join(' ').replace(/\s+/g, ' ');
}

let server: Server;
let out: MemoryStore;
let browser: Browser;
let site: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  server = await serve(() => out);
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const built = await buildMemory(POSTS, { config: siteConfig({ siteUrl: site, title: 'Bucket & Co', description: 'Notes on static sites', browserView: true }) });
  expect(built.summary.errors).toEqual([]);
  out = built.out;
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('a feed opened in a browser', () => {
  it.each(['rss.xml', 'atom.xml'])('%s reads as a page: the banner, the feed title, the newest items', async (key) => {
    expect(out.contentType(key)).toBe('application/xml; charset=utf-8');
    expect(out.contentType(STYLESHEET_KEY)).toBe('text/css; charset=utf-8');
    const page = await browser.newPage();
    await page.setViewport({ width: 900, height: 1200 });
    const response = await page.goto(`${site}${key}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    const text = await page.evaluate(visibleText);
    await page.screenshot({ path: join(ARTIFACTS, `${key}.png`), fullPage: true });
    expect(text).toContain('This is a web feed');
    expect(text).toContain('Bucket & Co');
    for (const title of TITLES) expect(text).toContain(title);
    // Newest first, as the feed holds them.
    expect(text.indexOf(TITLES[0] as string)).toBeLessThan(text.indexOf(TITLES[1] as string));
    // The items' HTML is hidden: CSS could only show it as escaped markup.
    expect(text).not.toContain('<p>');
    await page.close();
  });

  it('the same bytes served as application/rss+xml are raw text, not a page: the Content-Type is what makes the view', async () => {
    // What S3 would serve had the build kept RSS's own type.
    const key = 'as-rss-type.xml';
    await out.put(key, (await out.get('rss.xml')) as Uint8Array, 'application/rss+xml; charset=utf-8');
    const page = await browser.newPage();
    await page.goto(`${site}${key}`, { waitUntil: 'load' });
    const shown = await page.evaluate(() => ({ type: document.contentType, text: document.body.innerText }));
    await page.screenshot({ path: join(ARTIFACTS, `${key}.png`) });
    expect(shown.type).toBe('text/plain');
    expect(shown.text).toContain('<?xml-stylesheet');
    expect(shown.text).not.toContain('This is a web feed');
    await page.close();
  });

  it('without the browser view the feed names no stylesheet and is served as its own type', async () => {
    const plain = await buildMemory(POSTS, { config: siteConfig({ siteUrl: site, browserView: false }) });
    expect(plain.out.contentType('rss.xml')).toBe('application/rss+xml; charset=utf-8');
    expect(await plain.out.get(STYLESHEET_KEY)).toBeUndefined();
    const rss = new TextDecoder().decode(await plain.out.get('rss.xml'));
    expect(rss).not.toContain('xml-stylesheet');
  });
});
