import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './harness.ts';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-cli-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const cli = (argv: string[], env: Record<string, string> = {}) => runCli(cwd, argv, env);

const site = { SITE_URL: 'https://blog.example.com/', SITE_TITLE: 'My Blog' };

describe('help and version', () => {
  it('--help lists the build command and exits 0', async () => {
    const { code, stdout, stderr } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: feedbucket /);
    expect(stdout).toContain('build [options]');
    expect(stdout).toContain('feedbucket build --help');
    expect(stderr).toBe('');
  });

  it('build --help lists every option with its environment variable', async () => {
    const { code, stdout } = await cli(['build', '--help']);
    expect(code).toBe(0);
    const flat = stdout.replace(/\s+/g, ' ');
    for (const flag of ['--source', '--out', '--config', '--force', '--dry-run', '--json', '--help']) {
      expect(flat).toContain(flag);
    }
    for (const [flag, env] of [
      ['--site-url', 'SITE_URL'],
      ['--title', 'SITE_TITLE'],
      ['--description', 'SITE_DESCRIPTION'],
      ['--language', 'SITE_LANGUAGE'],
      ['--author', 'SITE_AUTHOR'],
      ['--limit', 'FEED_LIMIT'],
      ['--permalink', 'PERMALINK'],
      ['--timezone', 'SITE_TIMEZONE'],
      ['--source', 'FEED_SOURCE'],
      ['--out', 'FEED_OUT'],
    ]) {
      expect(flat).toMatch(new RegExp(`${flag} <[^>]+> .*?\\[env ${env}\\]`));
    }
    expect(flat).toContain('Exit codes: 0');
  });

  it('help build is the same as build --help', async () => {
    const { code, stdout } = await cli(['help', 'build']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: feedbucket build \[options\]/);
  });

  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout, stderr } = await cli([flag]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
    expect(stderr).toBe('');
  });
});

describe('usage errors exit 2', () => {
  it('an unknown flag, with a suggestion', async () => {
    const { code, stdout, stderr } = await cli(['build', '--lmit', '3']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("unknown option '--lmit'");
    expect(stderr).toContain('--limit');
  });

  it('an unknown flag without the command name', async () => {
    const { code, stderr } = await cli(['--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  it('a flag without its value', async () => {
    const { code, stderr } = await cli(['build', '--limit']);
    expect(code).toBe(2);
    expect(stderr).toContain("'--limit <n>' argument missing");
  });

  it('a misspelt command', async () => {
    const { code, stderr } = await cli(['biuld']);
    expect(code).toBe(2);
    expect(stderr).toBe('feedbucket: unexpected argument "biuld"; usage: feedbucket build [options] (see feedbucket build --help)\n');
  });
});

describe('configuration errors exit 2 before anything is built', () => {
  it('an invalid value from the environment', async () => {
    const { code, stdout, stderr } = await cli(['build'], { ...site, FEED_LIMIT: 'abc' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'feedbucket: limit: "abc" from FEED_LIMIT is not a positive integer; set it to a whole number from 1 to 1000 such as 20\n',
    );
  });

  it('an invalid flag value, with the default command', async () => {
    const { code, stderr } = await cli(['--timezone', 'Mars/Olympus'], site);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^feedbucket: timezone: "Mars\/Olympus" from --timezone is not an IANA time zone; use /);
  });

  it('--json prints the error as a JSON object on stdout as well', async () => {
    const { code, stdout, stderr } = await cli(['build', '--json', '--limit', '0'], site);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: expect.stringMatching(/^limit: "0" from --limit /), exitCode: 2 });
    expect(stderr).toContain('limit: "0" from --limit');
  });

  it('--json with a command line commander refuses: the JSON error too', async () => {
    const { code, stdout } = await cli(['build', '--json', '--lmit', '3']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: expect.stringContaining("unknown option '--lmit'"), exitCode: 2 });
  });

  it('missing required keys, one line each', async () => {
    const { code, stderr } = await cli(['build']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'feedbucket: siteUrl is required; set it with --site-url, SITE_URL or "siteUrl" in feedbucket.config.json',
      'feedbucket: title is required; set it with --title, SITE_TITLE or "title" in feedbucket.config.json',
    ]);
  });

  it('a --config file that does not exist', async () => {
    const { code, stderr } = await cli(['build', '--config', 'nope.json'], site);
    expect(code).toBe(2);
    expect(stderr).toBe('feedbucket: config file nope.json not found; check the path given to --config\n');
  });

  it('an unknown key in feedbucket.config.json in cwd', async () => {
    await writeFile(path.join(cwd, 'feedbucket.config.json'), JSON.stringify({ siteUrl: 'https://x.example/', tittle: 'x' }));
    const { code, stderr } = await cli(['build']);
    expect(code).toBe(2);
    expect(stderr).toBe('feedbucket: feedbucket.config.json: unknown key "tittle"; did you mean "title"?\n');
  });

  it('malformed JSON names the file and line', async () => {
    await writeFile(path.join(cwd, 'site.json'), '{\n  "siteUrl": "https://x.example/",\n  "title": "T",\n}\n');
    const { code, stderr } = await cli(['build', '--config', 'site.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^feedbucket: site\.json:4: invalid JSON/);
  });

  it('no stack trace unless FEEDBUCKET_DEBUG=1', async () => {
    const quiet = await cli(['build', '--limit', 'x'], site);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(['build', '--limit', 'x'], { ...site, FEEDBUCKET_DEBUG: '1' });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/ConfigError: limit: .*\n\s+at /);
  });
});
