/**
 * A damaged manifest (`.feedbucket/manifest.json`, under `out`, which anyone may have served,
 * cached, edited or cut short): never a crash and never half-trusted. The run warns, reads every
 * post again, keeps every first-published id it can still read, and publishes what a sound
 * manifest would have given; the next run is quiet again.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { allTexts, buildMemory, countingStore, formats, post, readFeedSet, text } from './helpers.ts';
import { parseStoredManifest } from '../support/manifest-text.ts';

const MANIFEST = '.feedbucket/manifest.json';
const SITE = 'https://blog.example.com/';

const renamed = (slug: string) => post({ title: 'Renamed', date: '2026-05-01T00:00:00Z', slug, tags: ['kept'] });
const retracted = (slug: string, draft: boolean) => post({ title: 'Retracted', date: '2026-04-01T00:00:00Z', slug, draft });
const OTHER = post({ title: 'Other', date: '2026-03-01T00:00:00Z' });
const BROKEN = post({ title: 'Broken', date: 'some day' });

/** The ids the posts were first published with, which no later slug may change. */
const FIRST_IDS = { Renamed: `${SITE}first-slug/`, Retracted: `${SITE}retracted-first/`, Other: `${SITE}other/` };

/**
 * Two runs: all published under their first slugs; then Renamed renamed, and Retracted renamed
 * and made a draft (its first id now lives in a sealed record). Returns the manifest text and
 * everything else under `out`.
 */
async function soundState(): Promise<{ manifest: string; outputs: Record<string, string> }> {
  const first = await buildMemory({ 'renamed.md': renamed('first-slug'), 'retracted.md': retracted('retracted-first', false), 'other.md': OTHER, 'broken.md': BROKEN });
  await buildMemory(
    { 'renamed.md': renamed('second-slug'), 'retracted.md': retracted('retracted-second', true), 'other.md': OTHER, 'broken.md': BROKEN },
    { out: first.out },
  );
  const texts = Object.fromEntries(await allTexts(first.out));
  const { [MANIFEST]: manifest, ...outputs } = texts;
  return { manifest: manifest!, outputs };
}

/** Everything published now: Retracted is back, under its second slug. */
const NOW_FILES = { 'renamed.md': renamed('second-slug'), 'retracted.md': retracted('retracted-second', false), 'other.md': OTHER, 'broken.md': BROKEN };

/** The stored text → the damaged text. */
type Damage = (text: string) => string;

/** A damage done to the parsed JSON. */
const edit =
  (change: (manifest: Record<string, any>) => void): Damage =>
  (text) => {
    const manifest = parseStoredManifest(text) as Record<string, any>;
    change(manifest);
    return JSON.stringify(manifest);
  };

const EVERY_POST = Object.keys(NOW_FILES).sort();

/** [what, damage, the warning, the titles whose first id can still be read, the posts read again] */
const CASES: [string, Damage, RegExp, (keyof typeof FIRST_IDS)[], string[]][] = [
  ['cut short (not JSON)', (text) => text.slice(0, text.length / 2), /^it is not valid JSON \(.+\); rebuilding the index$/, [], EVERY_POST],
  ['JSON null', () => 'null', /^it is damaged \(the top level: /, [], EVERY_POST],
  ['a record that is a number', edit((m) => (m.posts['other.md'] = 5)), /^it is damaged \(posts\["other\.md"\]: /, ['Renamed', 'Retracted'], EVERY_POST],
  [
    'a record whose ETag still matches but whose post lost its date',
    edit((m) => delete m.posts['other.md'].post.date),
    /posts\["other\.md"\]\.post\.date: /,
    ['Renamed', 'Retracted', 'Other'],
    EVERY_POST,
  ],
  [
    'tags that are a string, not a list',
    edit((m) => (m.posts['renamed.md'].post.tags = 'kept')),
    /posts\["renamed\.md"\]\.post\.tags: /,
    ['Renamed', 'Retracted', 'Other'],
    EVERY_POST,
  ],
  [
    'a date that is not an instant',
    edit((m) => (m.posts['other.md'].post.date = 'yesterday')),
    /posts\["other\.md"\]\.post\.date: not an ISO 8601/,
    ['Renamed', 'Retracted', 'Other'],
    EVERY_POST,
  ],
  ['warnings that are not a list', edit((m) => (m.posts['other.md'].warnings = 'none')), /posts\["other\.md"\]\.warnings: /, ['Renamed', 'Retracted', 'Other'], EVERY_POST],
  [
    'a first id that is not an IRI',
    edit((m) => (m.posts['renamed.md'].publishedId = 'first slug')),
    /posts\["renamed\.md"\]\.publishedId: not an absolute IRI/,
    ['Retracted', 'Other'],
    EVERY_POST,
  ],
  ['outputs that are a list', edit((m) => (m.outputs = [])), /^it is damaged \(outputs: /, ['Renamed', 'Retracted', 'Other'], EVERY_POST],
  [
    'sealed records that do not open (tampered)',
    edit((m) => {
      for (const [key, value] of Object.entries(m.posts)) if (typeof value === 'string') m.posts[key] = `x${value.slice(1)}`;
    }),
    /^2 record\(s\) of posts in no feed could not be opened/,
    ['Renamed', 'Other'],
    ['broken.md', 'retracted.md'],
  ],
];

describe('a damaged manifest', () => {
  it.each(CASES)('%s: a warning, the posts read again, the ids it still holds kept, the feeds whole', async (_what, damage, warning, readable, read) => {
    const sound = await soundState();
    const out = createMemoryStore({ ...sound.outputs, [MANIFEST]: damage(sound.manifest) });
    const source = countingStore(createMemoryStore(NOW_FILES));

    const { summary } = await buildMemory({}, { source, out });
    expect(summary.warnings.filter((entry) => entry.key === MANIFEST).map((entry) => entry.warning)).toEqual([expect.stringMatching(warning)]);
    expect(summary.published).toBe(3);
    expect(summary.skipped.map((skip) => skip.key)).toEqual(['broken.md']);
    // Nothing the damaged file says was used without checking it against the posts themselves.
    expect([...source.gets.keys()].sort()).toEqual(read);

    for (const [format, items] of formats(await readFeedSet(out))) {
      expect(items.map((item) => item.title), format).toEqual(['Renamed', 'Retracted', 'Other']);
      for (const item of items) {
        const title = item.title as keyof typeof FIRST_IDS;
        const current = `${SITE}${{ Renamed: 'second-slug', Retracted: 'retracted-second', Other: 'other' }[title]}/`;
        expect(item.id, `${format} ${title}`).toBe(readable.includes(title) ? FIRST_IDS[title] : current);
        expect(item.url, `${format} ${title}`).toBe(current);
      }
    }

    // The manifest written back is sound: the next run warns of nothing and reads nothing.
    parseStoredManifest(await text(out, MANIFEST));
    const quiet = countingStore(createMemoryStore(NOW_FILES));
    const next = await buildMemory({}, { source: quiet, out });
    expect(next.summary.warnings).toEqual([]);
    expect(quiet.gets.size).toBe(0);
    expect(next.summary.skipped).toEqual([{ ...summary.skipped[0], repeated: true }]);
  });
});
