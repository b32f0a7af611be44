import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, exitCode, formatError } from '../../src/cli/outcome.ts';
import { BuildError, ConfigError, DocumentError, StoreError, UnsafeKeyError } from '../../src/errors.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';

const built: BuildSummary = {
  generator: 'hugo',
  posts: 3,
  published: 2,
  drafts: 0,
  skipped: [{ key: 'bad.md', error: 'bad.md: no title; add title: to the front matter' }],
  warnings: [],
  feeds: [{ key: 'rss.xml', items: 2, changed: false }],
  errors: [],
  deleted: [],
  requests: { list: 1, get: 0, put: 0, delete: 0 },
  dryRun: false,
  durationMs: 5,
};

describe('exitCode', () => {
  it('0 when feeds were built, even with skipped posts and nothing changed', () => {
    expect(exitCode({ summary: built })).toBe(0);
    expect(exitCode({ summary: { ...built, dryRun: true } })).toBe(0);
  });

  it('0 when a summary has no feed at all: every feed was unpublished on purpose (--allow-shrink)', () => {
    expect(exitCode({ summary: { ...built, posts: 0, published: 0, skipped: [], feeds: [], deleted: ['rss.xml'] } })).toBe(0);
  });

  it('1 when a document failed its checks, even if other feeds were written', () => {
    expect(exitCode({ summary: { ...built, errors: [{ key: 'atom.xml', error: 'not well-formed' }] } })).toBe(1);
  });

  it.each([
    ['BuildError', new BuildError('no post can be published')],
    ['StoreError', new StoreError('cannot list content/', 'content/')],
    ['UnsafeKeyError', new UnsafeKeyError('../x escapes the store', '../x')],
    ['DocumentError', new DocumentError('rss.xml is not well-formed', 'rss.xml')],
    ['an unexpected error', new TypeError('x is undefined')],
    ['a thrown string', 'boom'],
  ])('1 for %s', (_name, error) => {
    expect(exitCode({ error })).toBe(EXIT.failed);
  });

  it.each([
    ['ConfigError', new ConfigError('limit: "x" from FEED_LIMIT is not a positive integer')],
    ['UsageError', new UsageError('unexpected argument "x"')],
    ['a commander parse error', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'")],
  ])('2 for %s', (_name, error) => {
    expect(exitCode({ error })).toBe(EXIT.usage);
  });

  it('0 for the help and version exits', () => {
    expect(exitCode({ error: new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)') })).toBe(0);
    expect(exitCode({ error: new CommanderError(0, 'commander.version', '0.1.0') })).toBe(0);
  });
});

describe('formatError', () => {
  it('a known error is its message, prefixed, one line per problem', () => {
    expect(formatError(new ConfigError('a: bad\nb: worse'))).toBe('feedbucket: a: bad\nfeedbucket: b: worse\n');
    expect(formatError(new StoreError('cannot read content/a.md (EACCES)', 'a.md'))).toBe(
      'feedbucket: cannot read content/a.md (EACCES)\n',
    );
  });

  it('never a stack trace without debug', () => {
    const text = formatError(new BuildError('no post can be published'));
    expect(text).toBe('feedbucket: no post can be published\n');
  });

  it('an unexpected error is called one, with how to see more', () => {
    expect(formatError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      "feedbucket: unexpected TypeError: Cannot read properties of undefined (reading 'x')\n" +
        'feedbucket: set FEEDBUCKET_DEBUG=1 to see the stack trace\n',
    );
    expect(formatError('boom')).toBe('feedbucket: unexpected string: boom\nfeedbucket: set FEEDBUCKET_DEBUG=1 to see the stack trace\n');
  });

  it('with debug: the stack and the cause chain', () => {
    const cause = new Error('EACCES: permission denied');
    const text = formatError(new StoreError('cannot read a.md', 'a.md', { cause }), true);
    expect(text).toMatch(/^feedbucket: cannot read a\.md\nStoreError: cannot read a\.md\n\s+at /);
    expect(text).toMatch(/caused by: Error: EACCES: permission denied\n\s+at /);
  });
});
