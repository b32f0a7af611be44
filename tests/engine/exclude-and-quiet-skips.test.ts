/**
 * Files that are not posts (`exclude`): never read, never counted, never reported. And quiet
 * logs: a file skipped for the same reason as last run, unchanged since, is counted and marked
 * `repeated` instead of being reported again.
 */
import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../../src/config/resolve.ts';
import { DEFAULT_EXCLUDE } from '../../src/config/schema.ts';
import type { SiteConfig } from '../../src/model.ts';
import { postKeyFilter } from '../../src/pipeline/post-keys.ts';
import { createMemoryStore } from '../../src/stores/memory.ts';
import { buildMemory, countingStore, post, siteConfig } from './helpers.ts';

const GOOD: Record<string, string> = {
  'posts/readme-driven-development.md': post(
    { title: 'Readme-driven development', date: '2025-11-03T08:00:00Z', tags: ['process'] },
    'Write the README first, then the code that makes it true.\n\nIt sounds backwards until you try it.\n',
  ),
  'posts/license-changes.md': post(
    { title: 'Our license changes', date: '2025-10-01T08:00:00Z' },
    'We moved the client libraries from GPL to MIT.\n',
  ),
  'notes/2025-09-14-reading-list.md': post({ title: 'Reading list' }, 'Three books on distributed systems.\n'),
};

/** What a repository holds beside its posts, in every spelling authors use. */
const REPOSITORY_FILES: Record<string, string> = {
  'README.md': '# My blog\n\nRun `npm start` to build the feeds.\n',
  'posts/readme.md': 'How the posts in this folder are named.\n',
  'docs/LICENSE.md': 'MIT License\n\nCopyright (c) 2025 Ada Example\n',
  'CHANGELOG.markdown': '## 2025-11-03\n\n- New post on READMEs.\n',
  'Contributing.md': 'Pull requests welcome.\n',
  'notes/Code_of_Conduct.md': 'Be kind.\n',
  '.github/SECURITY.md': 'Report issues privately.\n',
};

const config = (overrides: Partial<SiteConfig> = {}) => siteConfig(overrides);

describe('exclude: the defaults', () => {
  it('README, LICENSE, CHANGELOG and their kin, anywhere and in any case, are not read, counted or reported', async () => {
    const source = countingStore(createMemoryStore({ ...GOOD, ...REPOSITORY_FILES }));
    const { summary } = await buildMemory({}, { source, config: config() });
    expect([...source.gets.keys()].sort()).toEqual(Object.keys(GOOD).sort());
    expect(summary.posts).toBe(3);
    expect(summary.published).toBe(3);
    expect(summary.skipped).toEqual([]);
    expect(summary.warnings).toEqual([]);
  });

  it('the defaults are a list of globs a config can repeat and extend', () => {
    expect(resolveConfig({ flags: { siteUrl: 'https://blog.example.com/', title: 'x' } }).exclude).toEqual(DEFAULT_EXCLUDE);
    const isPost = postKeyFilter(DEFAULT_EXCLUDE);
    const table: [string, boolean][] = [
      ['README.md', false],
      ['readme.md', false],
      ['posts/ReadMe.markdown', false],
      ['a/b/c/LICENSE.md', false],
      ['CHANGELOG.md', false],
      ['docs/changelog.markdown', false],
      ['posts/readme-driven-development.md', true],
      ['posts/license-changes.md', true],
      ['posts/my-changelog.md', true],
      ['README.txt', false], // not Markdown either
      ['_drafts/README-ideas.md', false], // a generator's own folder
    ];
    for (const [key, expected] of table) expect(isPost(key), key).toBe(expected);
  });
});

describe('exclude: a custom list', () => {
  it('replaces the defaults: notes/** is left out, and a README is read again (and skipped, having no front matter)', async () => {
    const source = countingStore(createMemoryStore({ ...GOOD, 'README.md': REPOSITORY_FILES['README.md']! }));
    const { summary } = await buildMemory({}, { source, config: config({ exclude: ['notes/**'] }) });
    expect([...source.gets.keys()].sort()).toEqual(['README.md', 'posts/license-changes.md', 'posts/readme-driven-development.md']);
    expect(summary.posts).toBe(3);
    expect(summary.published).toBe(2);
    expect(summary.skipped.map((skip) => skip.key)).toEqual(['README.md']);
  });

  it('an empty list excludes nothing', async () => {
    const source = countingStore(createMemoryStore({ ...GOOD, 'CHANGELOG.md': REPOSITORY_FILES['CHANGELOG.markdown']! }));
    const { summary } = await buildMemory({}, { source, config: config({ exclude: [] }) });
    expect(source.gets.get('CHANGELOG.md')).toBe(1);
    expect(summary.posts).toBe(4);
  });

  it('globs match whatever the case', async () => {
    const source = countingStore(createMemoryStore(GOOD));
    const { summary } = await buildMemory({}, { source, config: config({ exclude: ['Notes/**', 'POSTS/LICENSE-*.md'] }) });
    expect([...source.gets.keys()]).toEqual(['posts/readme-driven-development.md']);
    expect(summary.posts).toBe(1);
  });

  it('a glob naming one file leaves out that file only', async () => {
    const { summary } = await buildMemory(GOOD, { config: config({ exclude: ['posts/license-changes.md'] }) });
    expect(summary.posts).toBe(2);
  });
});

describe('exclude: flags and environment give a comma-separated list', () => {
  const required = { siteUrl: 'https://blog.example.com/', title: 'Example Blog' };

  it.each([
    ['FEED_EXCLUDE', { env: { FEED_EXCLUDE: 'notes/**, drafts/*.md ,README.md' } }],
    ['--exclude', { flags: { ...required, exclude: 'notes/**,drafts/*.md,README.md' } }],
  ])('%s', (_name, layers) => {
    const config = resolveConfig({ flags: required, ...layers });
    expect(config.exclude).toEqual(['notes/**', 'drafts/*.md', 'README.md']);
  });

  it('the file gives a list', () => {
    const config = resolveConfig({ file: { path: 'feedbucket.config.json', values: { ...required, exclude: ['notes/**', 'README.md'] } } });
    expect(config.exclude).toEqual(['notes/**', 'README.md']);
  });

  it('a flag beats the environment, which beats the file', () => {
    const file = { path: 'feedbucket.config.json', values: { ...required, exclude: ['from-file/**'] } };
    expect(resolveConfig({ file, env: { FEED_EXCLUDE: 'from-env/**' } }).exclude).toEqual(['from-env/**']);
    expect(resolveConfig({ file, env: { FEED_EXCLUDE: 'from-env/**' }, flags: { exclude: 'from-flag/**' } }).exclude).toEqual(['from-flag/**']);
  });

  it('a build with FEED_EXCLUDE leaves those files out', async () => {
    const resolved = resolveConfig({ flags: required, env: { FEED_EXCLUDE: 'notes/**,posts/license-*' } });
    const { summary } = await buildMemory(GOOD, { config: config({ exclude: resolved.exclude }) });
    expect(summary.posts).toBe(1);
  });

  it.each([
    ['a glob leaving the source', { FEED_EXCLUDE: '../secrets/**' }, 'leaves the source'],
    ['an absolute glob', { FEED_EXCLUDE: '/etc/**' }, 'leaves the source'],
  ])('%s is a config error', (_name, env, fragment) => {
    const check = checkConfig({ flags: required, env });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems[0]?.message).toContain('exclude:');
      expect(check.problems[0]?.message).toContain('from FEED_EXCLUDE');
      expect(check.problems[0]?.message).toContain(fragment);
    }
  });

  it('a list entry that is not text is a config error', () => {
    const check = checkConfig({ file: { path: 'feedbucket.config.json', values: { ...required, exclude: ['notes/**', 7] } } });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems[0]?.message).toContain('not text');
  });
});

describe('quiet logs: a file skipped as before', () => {
  const BAD = post({ title: 'Half done', date: 'soon' }, 'The date is the problem.\n');
  const files = { ...GOOD, 'posts/half-done.md': BAD };

  it('run 2 counts it, marked repeated, without reading it again', async () => {
    const first = await buildMemory(files);
    expect(first.summary.skipped).toEqual([{ key: 'posts/half-done.md', error: expect.stringContaining('posts/half-done.md:3: date "soon"') }]);
    expect(first.summary.skipped[0]).not.toHaveProperty('repeated');

    const source = countingStore(createMemoryStore(files));
    const second = await buildMemory({}, { source, out: first.out });
    expect(second.summary.skipped).toEqual([{ ...first.summary.skipped[0], repeated: true }]);
    expect(second.summary.posts).toBe(first.summary.posts);
    expect(second.summary.published).toBe(3);
    expect(source.gets.has('posts/half-done.md')).toBe(false);
  });

  it('stays repeated run after run', async () => {
    const first = await buildMemory(files);
    await buildMemory(files, { out: first.out });
    const third = await buildMemory(files, { out: first.out });
    expect(third.summary.skipped.map((skip) => skip.repeated)).toEqual([true]);
  });

  it('editing the file (still broken) reports it again, not repeated', async () => {
    const first = await buildMemory(files);
    const edited = { ...files, 'posts/half-done.md': post({ title: 'Half done', date: 'tomorrow-ish' }, 'The date is still the problem.\n') };
    const second = await buildMemory(edited, { out: first.out });
    expect(second.summary.skipped).toEqual([{ key: 'posts/half-done.md', error: expect.stringContaining('"tomorrow-ish"') }]);
    expect(second.summary.skipped[0]).not.toHaveProperty('repeated');
    // And the edited version is repeated from then on.
    const third = await buildMemory(edited, { out: first.out });
    expect(third.summary.skipped[0]?.repeated).toBe(true);
  });

  it('fixing the file publishes it and it leaves the skipped list', async () => {
    const first = await buildMemory(files);
    const fixed = { ...files, 'posts/half-done.md': post({ title: 'Half done', date: '2025-11-10T08:00:00Z' }, 'Done now.\n') };
    const second = await buildMemory(fixed, { out: first.out });
    expect(second.summary.skipped).toEqual([]);
    expect(second.summary.published).toBe(4);
  });

  it('a forced rebuild reads it again and reports it again', async () => {
    const first = await buildMemory(files);
    const forced = await buildMemory(files, { out: first.out, force: true });
    expect(forced.summary.skipped).toHaveLength(1);
    expect(forced.summary.skipped[0]).not.toHaveProperty('repeated');
  });

  it('a published post that broke is reported on every run (its last good version stays), never as repeated', async () => {
    const published = { ...GOOD, 'posts/half-done.md': post({ title: 'Half done', date: '2025-11-10T08:00:00Z' }, 'Fine.\n') };
    const first = await buildMemory(published);
    expect(first.summary.published).toBe(4);
    const second = await buildMemory(files, { out: first.out });
    const third = await buildMemory(files, { out: first.out });
    for (const run of [second, third]) {
      expect(run.summary.skipped).toEqual([{ key: 'posts/half-done.md', error: expect.stringContaining('the last good version stays published') }]);
      expect(run.summary.published).toBe(4);
    }
  });

  it('a file that is excluded later is neither counted nor reported', async () => {
    const first = await buildMemory(files);
    const second = await buildMemory(files, { out: first.out, config: config({ exclude: ['posts/half-done.md'] }) });
    expect(second.summary.skipped).toEqual([]);
    expect(second.summary.posts).toBe(3);
  });
});
