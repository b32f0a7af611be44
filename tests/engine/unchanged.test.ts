/**
 * A run that finds nothing changed answers from the manifest's head alone, without parsing or
 * validating the records: it must report exactly what the long way would, and take the long way
 * whenever anything the feeds depend on may have changed.
 */
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../src/pipeline/build.ts';
import { MANIFEST_KEY } from '../../src/pipeline/manifest.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { allTexts, buildMemory, NOW, post, siteConfig, tempDir, text } from './helpers.ts';

const FILES = {
  'a.md': post({ title: 'A', date: '2026-05-01T00:00:00Z', tags: ['x'] }),
  'b.md': post({ title: 'B', date: '2026-04-01T00:00:00Z', tags: ['x', 'y'], categories: ['notes'] }),
  'c.md': post({ title: 'C', date: '2026-03-01T00:00:00Z', expiryDate: '2026-09-01T00:00:00Z' }),
  'draft.md': post({ title: 'Draft', date: '2026-05-02T00:00:00Z', draft: true }),
  'soon.md': post({ title: 'Soon', date: '2026-07-04T00:00:00Z' }),
  'broken.md': post({ title: 'Broken', date: 'soon' }),
  'warned.md': '---\ntitle: Warned\ntitle: Twice\ndate: 2026-02-01T00:00:00Z\n---\nText.\n',
};

/** The summary without what differs between any two runs. */
const comparable = ({ durationMs: _ms, requests: _requests, ...summary }: BuildSummary) => summary;

/** The manifest with its head's `unchanged` left out: the next run must take the long way. */
async function withoutShortcut(out: MemoryStore): Promise<void> {
  const [head, records] = (await text(out, MANIFEST_KEY)).trimEnd().split('\n');
  const { unchanged: _gone, ...rest } = JSON.parse(head!) as Record<string, unknown>;
  await out.put(MANIFEST_KEY, `${JSON.stringify(rest)}\n${records}\n`, 'application/json');
}

/** The manifest with its records line made unreadable: only a run that never parses it can stay quiet. */
async function withUnreadableRecords(out: MemoryStore): Promise<void> {
  const [head] = (await text(out, MANIFEST_KEY)).split('\n');
  await out.put(MANIFEST_KEY, `${head}\n{"cut short\n`, 'application/json');
}

describe('a run that finds nothing changed', () => {
  it('answers from the head alone (the records are not even parsed) and reports what the long way reports', async () => {
    const out = createMemoryStore();
    const first = await buildMemory(FILES, { out });
    expect(first.summary.skipped.map((skip) => skip.key)).toEqual(['broken.md']);
    expect(first.summary.warnings.map((warning) => warning.key)).toEqual(['warned.md']);

    const stored = await allTexts(out);
    await withUnreadableRecords(out);
    const quick = await buildMemory(FILES, { out });
    expect(quick.summary.requests).toEqual({ list: 2, get: 1, put: 0, delete: 0 });

    for (const [key, body] of stored) await out.put(key, body, 'application/json');
    await withoutShortcut(out);
    const long = await buildMemory(FILES, { out });
    expect(long.summary.requests.put).toBe(1); // the manifest, with its shortcut again

    expect(comparable(quick.summary)).toEqual(comparable(long.summary));
    expect(quick.summary.feeds.every((feed) => !feed.changed)).toBe(true);
  });

  it('into a local folder reads the manifest and no feed file: each file still listed with the tag its write got is ours', async () => {
    const source = createMemoryStore(FILES);
    const out = createLocalStore(await tempDir('unchanged-local'));
    const build = () => runBuild({ config: siteConfig(), now: NOW, stores: { source, out } });
    await build();
    const quick = await build();
    expect(quick.requests).toEqual({ list: 2, get: 1, put: 0, delete: 0 });

    // A file changed behind the manifest's back has another tag: it is read, found changed and written again.
    const [feed] = quick.feeds;
    await out.put(feed!.key, 'tampered', 'application/xml');
    const repaired = await build();
    expect(repaired.requests.get).toBeGreaterThan(1);
    expect(repaired.feeds.filter((f) => f.changed).map((f) => f.key)).toEqual([feed!.key]);
  });

  it.each([
    ['a post edited', { files: { ...FILES, 'a.md': FILES['a.md'].replace('Some text.', 'Other text.') } }, 'A'],
    ['a post added', { files: { ...FILES, 'new.md': post({ title: 'New', date: '2026-05-20T00:00:00Z' }) } }, 'New'],
    ['a post come due', { now: new Date('2026-07-05T00:00:00Z') }, 'Soon'],
    ['a post expired', { now: new Date('2026-09-02T00:00:00Z') }, 'Soon'],
    ['the limit lowered', { limit: 1 }, 'A'],
    ['a post excluded', { exclude: ['a.md'] }, 'B'],
  ] as const)('takes the long way after %s', async (_what, change, newest) => {
    const out = createMemoryStore();
    await buildMemory(FILES, { out });
    const files = 'files' in change ? change.files : FILES;
    const now = 'now' in change ? change.now : NOW;
    const config = siteConfig({ ...('limit' in change ? { limit: change.limit } : {}), ...('exclude' in change ? { exclude: [...change.exclude] } : {}) });
    const after = await buildMemory(files, { out, now, config });
    const titles = (JSON.parse(await text(out, 'feed.json')) as { items: { title: string }[] }).items.map((item) => item.title);
    expect(titles[0]).toBe(newest);
    expect(after.summary.feeds.some((feed) => feed.changed)).toBe(true);
    if ('limit' in change) expect(titles).toHaveLength(1);
    if (_what === 'a post expired') expect(titles).not.toContain('C');
  });

  it('takes the long way under another salt: the shortcut is sealed', async () => {
    const out = createMemoryStore();
    await buildMemory(FILES, { out, manifestSalt: 'one' });
    await withUnreadableRecords(out);
    const other = await buildMemory(FILES, { out, manifestSalt: 'two' });
    expect(other.summary.warnings.map((warning) => warning.warning)).toContainEqual(expect.stringMatching(/^it is not valid JSON/));
  });
});
