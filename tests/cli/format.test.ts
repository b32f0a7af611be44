import { describe, expect, it } from 'vitest';
import { formatDiagnostics, formatDuration, formatSummary } from '../../src/cli/format.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';

function summary(overrides: Partial<BuildSummary> = {}): BuildSummary {
  return {
    generator: 'hugo',
    posts: 8,
    published: 5,
    drafts: 1,
    skipped: [],
    warnings: [],
    feeds: [
      { key: 'rss.xml', items: 5, changed: true },
      { key: 'atom.xml', items: 5, changed: true },
      { key: 'feed.json', items: 5, changed: true },
      { key: 'tags/rust/rss.xml', items: 1, changed: false },
    ],
    errors: [],
    deleted: [],
    requests: { list: 1, get: 8, put: 4, delete: 0 },
    dryRun: false,
    durationMs: 85,
    ...overrides,
  };
}

describe('formatSummary', () => {
  it('a first build: counts, files written, unchanged files, time', () => {
    expect(formatSummary(summary({ posts: 6 }), { out: 'public' })).toBe(
      [
        '6 posts: 5 published, 1 draft, 0 skipped',
        'wrote public/rss.xml (5 items)',
        'wrote public/atom.xml (5 items)',
        'wrote public/feed.json (5 items)',
        '1 feed file unchanged',
        'done in 0.09 s (1 list, 8 reads, 4 writes)',
        '',
      ].join('\n'),
    );
  });

  it('counts posts that are neither published, drafts nor skipped as future or expired', () => {
    expect(formatSummary(summary()).split('\n')[0]).toBe('8 posts: 5 published, 1 draft, 0 skipped, 2 future or expired');
  });

  it('lists each skipped post with its reason, and each warning, without naming the file twice', () => {
    const text = formatSummary(
      summary({
        posts: 9,
        drafts: 2,
        skipped: [
          { key: 'bad.md', error: 'bad.md:3: date "soon" is not a date; use YYYY-MM-DD or RFC 3339' },
          { key: 'empty.md', error: 'no front matter; start the file with ---' },
        ],
        warnings: [{ key: 'seed.md', warning: 'seed.md:5: duplicate key "title"; the last value wins' }],
      }),
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('9 posts: 5 published, 2 drafts, 2 skipped');
    expect(lines.slice(1, 4)).toEqual([
      'skipped bad.md:3: date "soon" is not a date; use YYYY-MM-DD or RFC 3339',
      'skipped empty.md: no front matter; start the file with ---',
      'warning seed.md:5: duplicate key "title"; the last value wins',
    ]);
  });

  it('says so when nothing changed', () => {
    const unchanged = summary({
      posts: 6,
      feeds: summary().feeds.map((feed) => ({ ...feed, changed: false })),
      requests: { list: 1, get: 0, put: 0, delete: 0 },
      durationMs: 12,
    });
    expect(formatSummary(unchanged)).toBe(
      ['6 posts: 5 published, 1 draft, 0 skipped', 'nothing changed, no file written', 'done in 0.01 s (1 list, 0 reads, 0 writes)', ''].join('\n'),
    );
  });

  it('lists deleted files', () => {
    const text = formatSummary(summary({ posts: 6, deleted: ['tags/old/rss.xml'] }), { out: 's3://bucket/feeds/' });
    expect(text).toContain('deleted s3://bucket/feeds/tags/old/rss.xml\n');
  });

  it('a deletion alone is a change', () => {
    const text = formatSummary(
      summary({ posts: 6, feeds: [{ key: 'rss.xml', items: 5, changed: false }], deleted: ['tags/old/atom.xml'] }),
    );
    expect(text).toContain('deleted tags/old/atom.xml\n');
    expect(text).not.toContain('nothing changed');
  });

  it('a dry run says what would be written and that nothing was', () => {
    const text = formatSummary(summary({ posts: 6, dryRun: true, deleted: ['tags/old/rss.xml'] }));
    expect(text).toContain('would write rss.xml (5 items)\n');
    expect(text).toContain('would delete tags/old/rss.xml\n');
    expect(text).toMatch(/dry run, nothing written in 0\.09 s/);
    expect(text).not.toMatch(/^wrote /m);
  });

  it('a dry run with nothing to change', () => {
    const text = formatSummary(summary({ dryRun: true, feeds: [{ key: 'rss.xml', items: 1, changed: false }] }));
    expect(text).toContain('nothing changed, no file would be written\n');
  });

  it('caps the file list and points to --json', () => {
    const feeds = Array.from({ length: 40 }, (_, i) => ({ key: `tags/t${i}/rss.xml`, items: 1, changed: true }));
    const text = formatSummary(summary({ posts: 6, feeds }), { maxFiles: 10 });
    expect(text.match(/^wrote /gm)).toHaveLength(10);
    expect(text).toContain('… and 30 more (--json lists them all)\n');
  });

  it('singular and plural', () => {
    const one = summary({
      posts: 1,
      published: 1,
      drafts: 0,
      feeds: [{ key: 'rss.xml', items: 1, changed: true }],
      requests: { list: 1, get: 1, put: 1, delete: 0 },
    });
    expect(formatSummary(one)).toBe(
      ['1 post: 1 published, 0 drafts, 0 skipped', 'wrote rss.xml (1 item)', 'done in 0.09 s (1 list, 1 read, 1 write)', ''].join('\n'),
    );
  });

  it('lists documents that failed their checks', () => {
    const text = formatSummary(
      summary({ posts: 6, errors: [{ key: 'tags/x/rss.xml', error: 'not well-formed XML at line 3' }] }),
      { out: 'public/' },
    );
    expect(text).toContain('not written public/tags/x/rss.xml: not well-formed XML at line 3 (the published version, if any, stays)\n');
  });

  describe('WebSub pings', () => {
    const feeds = ['rss.xml', 'atom.xml', 'feed.json'].map((key) => `https://blog.example.com/${key}`);
    const ok = (hub: string) => feeds.map((feed) => ({ hub, feed, ok: true, attempts: 1 }));
    const down = (hub: string) => feeds.map((feed) => ({ hub, feed, ok: false, attempts: 3, error: 'no answer within 5000 ms' }));

    it.each([
      { name: 'every ping reached its hub', pings: ok('https://hub.example/'), lines: ['WebSub: 3 changed feeds announced to 1 hub'] },
      {
        name: 'one hub down: one line for it, not one per feed',
        pings: [...ok('https://hub.example/'), ...down('https://down.example/')],
        lines: [
          'WebSub: 3 changed feeds announced to 2 hubs; 3 of 6 pings failed',
          'ping failed: https://down.example/ was not told of 3 changed feeds (no answer within 5000 ms); their subscribers get the change at their next poll',
        ],
      },
    ])('$name', ({ pings, lines }) => {
      const text = formatSummary(summary({ pings }));
      expect(text).toContain(`unchanged\n${lines.join('\n')}\ndone in`);
    });

    it('says nothing of pings when none were sent', () => {
      expect(formatSummary(summary())).not.toContain('WebSub');
    });

    it('--json mode: failed pings on stderr', () => {
      expect(formatDiagnostics(summary({ pings: [...ok('https://hub.example/'), ...down('https://down.example/')] }))).toBe(
        'feedbucket: ping failed: https://down.example/ was not told of 3 changed feeds (no answer within 5000 ms); their subscribers get the change at their next poll\n',
      );
    });
  });

  it('is pure: the same summary gives the same text', () => {
    const s = summary();
    expect(formatSummary(s)).toBe(formatSummary(structuredClone(s)));
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.00 s'],
    [85, '0.09 s'],
    [999, '1.00 s'],
    [1234, '1.2 s'],
    [12_400, '12 s'],
    [125_000, '2 min 5 s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatDiagnostics (stderr in --json mode)', () => {
  it('one line per skipped post, warning and failed document', () => {
    expect(
      formatDiagnostics(
        summary({
          skipped: [{ key: 'bad.md', error: 'bad.md:3: no title; add title:' }],
          warnings: [{ key: 'seed.md', warning: 'duplicate key "title" on line 5; the last wins' }],
          errors: [{ key: 'rss.xml', error: 'not well-formed' }],
        }),
      ),
    ).toBe(
      [
        'feedbucket: skipped bad.md:3: no title; add title:',
        'feedbucket: warning seed.md: duplicate key "title" on line 5; the last wins',
        'feedbucket: not written rss.xml: not well-formed',
        '',
      ].join('\n'),
    );
  });

  it('nothing for a clean build', () => {
    expect(formatDiagnostics(summary())).toBe('');
  });
});
