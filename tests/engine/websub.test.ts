/**
 * WebSub: with `hub` set, every feed names the hub, and a build tells the hub of each feed whose
 * bytes it changed, and of no other. A real HTTP server on 127.0.0.1 stands in for the hub and
 * records what it is sent; a hub that fails, refuses or never answers costs the build nothing but
 * a line in its summary.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import type { PingOutcome } from '../../src/pipeline/types.ts';
import { pingHubs } from '../../src/pipeline/websub.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { NS, children, jingAtom, jsonFeedSchemaErrors, readXml, rssChannel, xmlProblem } from '../support/feed-checks.ts';
import { startHub, type TestHub } from '../support/hub-server.ts';
import { MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import { WriteConflict } from '../../src/stores/store.ts';
import { buildMemory, NOW, post, siteConfig, text, wrapStore } from './helpers.ts';

let testHub: TestHub;

beforeAll(async () => {
  testHub = await startHub({
    '/accepts': [204],
    '/fails-once': [500, 204],
    '/refuses': [404],
    '/busy': [429],
    '/silent': ['silent'],
    '/moved': [302],
  });
});

afterAll(() => testHub.stop());

beforeEach(() => testHub.reset());

const hub = (path: string) => testHub.url(path);
const received = () => testHub.received;
/** Fast enough for a test, and still a timeout, retries and a backoff. */
const FAST = { timeoutMs: 200, attempts: 3, backoffMs: 20 };

const SITE = 'https://blog.example.com/';
const FILES = {
  'rust-2024.md': post({ title: 'Rust in 2024', date: '2026-05-01T00:00:00Z', tags: ['Rust'] }),
  'go-notes.md': post({ title: 'Go notes', date: '2026-04-01T00:00:00Z', tags: ['Go'], categories: ['Notes'] }),
};
const feedSet = (dir: string) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${SITE}${dir}${file}`);

describe('a build with hub set', () => {
  it('names the hub in every document, which stay valid', async () => {
    const { out, summary } = await buildMemory(FILES, { config: siteConfig({ hub: [hub('/accepts')] }), pingOptions: FAST });
    for (const dir of ['', 'tags/rust/', 'categories/notes/']) {
      const rss = await text(out, `${dir}rss.xml`);
      const atom = await text(out, `${dir}atom.xml`);
      const json = await text(out, `${dir}feed.json`);
      expect(xmlProblem(rss)).toBeUndefined();
      const hubOf = (links: ReturnType<typeof readXml>[]) => links.filter((link) => link.attributes.rel === 'hub').map((link) => link.attributes.href);
      expect(hubOf(children(rssChannel(rss), NS.atom, 'link')), `${dir}rss.xml`).toEqual([hub('/accepts')]);
      expect(hubOf(children(readXml(atom), NS.atom, 'link')), `${dir}atom.xml`).toEqual([hub('/accepts')]);
      expect(JSON.parse(json)).toMatchObject({ hubs: [{ type: 'WebSub', url: hub('/accepts') }] });
      expect(jsonFeedSchemaErrors(json)).toEqual([]);
      const verdict = jingAtom(atom);
      expect(verdict.ok, verdict.output).toBe(true);
    }
    expect(summary.pings?.every((ping) => ping.ok)).toBe(true);
  });

  it('pings the hub about exactly the feeds it wrote: all at first, then main and the edited post\'s term, then none', async () => {
    const out = createMemoryStore();
    const config = siteConfig({ hub: [hub('/accepts')] });
    const first = await buildMemory(FILES, { out, config, pingOptions: FAST });
    const written = first.summary.feeds.map((feed) => `${SITE}${feed.key}`);
    expect(received().map((request) => request.topic).sort()).toEqual([...written].sort());
    expect(received().every((request) => request.mode === 'publish' && request.contentType === 'application/x-www-form-urlencoded')).toBe(true);

    testHub.reset();
    const edited = { ...FILES, 'rust-2024.md': post({ title: 'Rust in 2024, revised', date: '2026-05-01T00:00:00Z', tags: ['Rust'] }) };
    const second = await buildMemory(edited, { out, config, pingOptions: FAST });
    const changed = [...feedSet(''), ...feedSet('tags/rust/')];
    expect(received().map((request) => request.topic).sort()).toEqual([...changed].sort());
    expect(second.summary.pings).toEqual(changed.map((feed): PingOutcome => ({ hub: hub('/accepts'), feed, ok: true, attempts: 1 })));

    testHub.reset();
    const third = await buildMemory(edited, { out, config, pingOptions: FAST });
    expect(received()).toEqual([]);
    expect(third.summary).not.toHaveProperty('pings');
  });

  it('pings nothing in a dry run', async () => {
    const { summary } = await buildMemory(FILES, { config: siteConfig({ hub: [hub('/accepts')] }), pingOptions: FAST, dryRun: true });
    expect(summary.feeds.some((feed) => feed.changed)).toBe(true);
    expect(received()).toEqual([]);
    expect(summary).not.toHaveProperty('pings');
  });

  it('still publishes when a hub never answers, and reports the timeout beside the hub that took the pings', async () => {
    const source = createMemoryStore({ 'only.md': post({ title: 'Only', date: '2026-05-01T00:00:00Z' }) });
    const out = createMemoryStore();
    const config = siteConfig({ hub: [hub('/silent'), hub('/accepts')] });
    const summary = await runBuild({ config, now: NOW, stores: { source, out }, pingOptions: { timeoutMs: 100, attempts: 2, backoffMs: 10 } });
    expect(summary.errors).toEqual([]);
    expect(await text(out, 'rss.xml')).toContain('<title>Only</title>');
    expect(summary.pings).toEqual(
      feedSet('').flatMap((feed) => [
        { hub: hub('/silent'), feed, ok: false, attempts: 2, error: 'no answer within 100 ms' },
        { hub: hub('/accepts'), feed, ok: true, attempts: 1 },
      ]),
    );
    expect(received().filter((request) => request.path === '/silent')).toHaveLength(6);
  });
});

describe('a build planned again', () => {
  it('tells the hub of the feeds an earlier plan wrote, though the plan that finishes finds them stored', async () => {
    const inner = createMemoryStore();
    let conflicts = 1;
    // Another build's manifest lands between this one's feed writes and its manifest write, once.
    const out = wrapStore(inner, {
      put: async (key, body, contentType, options) => {
        if (key === MANIFEST_KEY && conflicts-- > 0) throw new WriteConflict('the manifest changed', key);
        return inner.put(key, body, contentType, options);
      },
    });
    const run = await runBuild({ config: siteConfig({ hub: [hub('/accepts')] }), now: NOW, pingOptions: FAST, stores: { source: createMemoryStore(FILES), out } });
    expect(run.warnings.map((w) => w.warning).join('\n')).toContain('planned again');
    const told = received().map((request) => request.topic).sort();
    expect(told).toEqual([...feedSet(''), ...feedSet('tags/rust/'), ...feedSet('tags/go/'), ...feedSet('categories/notes/')].sort());
  });
});

describe('pingHubs: how each answer is taken', () => {
  const cases: { name: string; path: string; expected: Omit<PingOutcome, 'hub' | 'feed'>; posts: number }[] = [
    { name: 'accepted (2xx)', path: '/accepts', expected: { ok: true, attempts: 1 }, posts: 1 },
    { name: '500, then accepted: retried', path: '/fails-once', expected: { ok: true, attempts: 2 }, posts: 2 },
    { name: '404: refused, not retried', path: '/refuses', expected: { ok: false, attempts: 1, error: 'HTTP 404 Not Found' }, posts: 1 },
    { name: '429 every time: retried up to the limit', path: '/busy', expected: { ok: false, attempts: 3, error: 'HTTP 429 Too Many Requests' }, posts: 3 },
    { name: 'no answer: timed out, retried up to the limit', path: '/silent', expected: { ok: false, attempts: 3, error: 'no answer within 200 ms' }, posts: 3 },
    // Followed, the POST would become a GET without the form, and any page would count as told.
    { name: '302: not followed, reported with where it points', path: '/moved', expected: { ok: false, attempts: 1, error: 'HTTP 302 Found to /landing; set hub to the address it moved to' }, posts: 1 },
  ];

  it.each(cases)('$name', async ({ path, expected, posts }) => {
    const feed = `${SITE}rss.xml`;
    expect(await pingHubs([hub(path)], [feed], FAST)).toEqual([{ hub: hub(path), feed, ...expected }]);
    expect(received().map((request) => [request.path, request.topic])).toEqual(Array.from({ length: posts }, () => [path, feed]));
  });

  it.each(['/refuses', '/moved'])('a hub whose address answers %s is sent no more pings that run: every one would get the same', async (path) => {
    const feeds = Array.from({ length: 8 }, (_, index) => `${SITE}tags/t${index}/rss.xml`);
    const outcomes = await pingHubs([hub(path)], feeds, FAST);
    // Four go out at once, before the first answer.
    expect(received()).toHaveLength(4);
    expect(outcomes.filter((outcome) => outcome.attempts === 0).map((outcome) => outcome.error?.startsWith('not sent: it failed an earlier ping'))).toEqual([true, true, true, true]);
  });

  it('a hub nobody listens at: the connection is refused, retried, reported', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hub`;
    closed.close();
    await once(closed, 'close');
    expect(await pingHubs([url], [`${SITE}rss.xml`], FAST)).toEqual([{ hub: url, feed: `${SITE}rss.xml`, ok: false, attempts: 3, error: 'ECONNREFUSED' }]);
  });

  it('a hub that failed one ping to its last attempt is sent no more, so a hub that is down cannot hold a large build for minutes', async () => {
    const feeds = Array.from({ length: 8 }, (_, index) => `${SITE}tags/t${index}/rss.xml`);
    const outcomes = await pingHubs([hub('/silent')], feeds, { timeoutMs: 100, attempts: 2, backoffMs: 10 });
    // four at a time: the first four time out twice each, the other four are not sent
    expect(outcomes).toEqual(
      feeds.map((feed, index) =>
        index < 4
          ? { hub: hub('/silent'), feed, ok: false, attempts: 2, error: 'no answer within 100 ms' }
          : { hub: hub('/silent'), feed, ok: false, attempts: 0, error: 'not sent: it failed an earlier ping (no answer within 100 ms)' },
      ),
    );
    expect(received()).toHaveLength(8);
  });

  it.each([150, 2_100])('sends no attempt that could outlast the deadline, keeping 2 s for the function to return: %i ms left', async (left) => {
    const [outcome] = await pingHubs([hub('/accepts')], [`${SITE}rss.xml`], { ...FAST, remainingMs: () => left });
    expect(outcome).toMatchObject({ ok: false, attempts: 0, error: 'not sent: the deadline is near' });
    expect(received()).toEqual([]);
  });

  it('sends an attempt that fits before the deadline with the reserve', async () => {
    const [outcome] = await pingHubs([hub('/accepts')], [`${SITE}rss.xml`], { ...FAST, remainingMs: () => 2_300 });
    expect(outcome).toMatchObject({ ok: true, attempts: 1 });
  });
});
