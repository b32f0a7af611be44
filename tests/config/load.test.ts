import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { parseJsonFile } from '../../src/config/file.ts';
import { loadConfig } from '../../src/config/load.ts';

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-config-'));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const site = { siteUrl: 'https://blog.example.com', title: 'File Blog' };

async function write(name: string, content: string | object): Promise<string> {
  const file = path.join(cwd, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  const error: unknown = await loadConfig(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('reads feedbucket.config.json from cwd when present', async () => {
    await write('feedbucket.config.json', { ...site, limit: 7 });
    const { config, file } = await loadConfig({ cwd, env: {} });
    expect(file).toBe('feedbucket.config.json');
    expect(config).toMatchObject({ siteUrl: 'https://blog.example.com/', title: 'File Blog', limit: 7 });
    expect(config.source).toBe(path.join(cwd, 'content'));
    expect(config.out).toBe(path.join(cwd, 'public'));
  });

  it('works without a config file', async () => {
    const { config, file } = await loadConfig({ cwd, env: { SITE_URL: 'https://env.example/', SITE_TITLE: 'Env' } });
    expect(config.title).toBe('Env');
    expect(file).toBeUndefined();
  });

  it('applies flag > env > file > default', async () => {
    await write('feedbucket.config.json', { ...site, limit: 7, description: 'from file', language: 'fr' });
    const { config } = await loadConfig({
      cwd,
      env: { FEED_LIMIT: '8', SITE_DESCRIPTION: 'from env' },
      flags: { limit: '9' },
    });
    expect(config.limit).toBe(9);
    expect(config.description).toBe('from env');
    expect(config.language).toBe('fr');
    expect(config.timezone).toBe('UTC');
  });

  it('uses --config FILE instead of the default file, resolving its paths against its directory', async () => {
    await write('feedbucket.config.json', { ...site, title: 'Default file' });
    await write('sites/other.json', { ...site, title: 'Other', source: 'posts', out: '../public-other' });
    const { config } = await loadConfig({ cwd, env: {}, configPath: 'sites/other.json' });
    expect(config.title).toBe('Other');
    expect(config.source).toBe(path.join(cwd, 'sites', 'posts'));
    expect(config.out).toBe(path.join(cwd, 'public-other'));
  });

  it('accepts an absolute --config path and a BOM', async () => {
    const file = await write('x/site.json', `\uFEFF${JSON.stringify(site)}`);
    expect((await loadConfig({ cwd, env: {}, configPath: file })).config.title).toBe('File Blog');
  });

  it('refuses a --config file that does not exist', async () => {
    const error = await loadError({ cwd, env: {}, configPath: 'missing.json' });
    expect(error.message).toBe('config file missing.json not found; check the path given to --config');
  });

  it('refuses a --config that is a directory', async () => {
    await mkdir(path.join(cwd, 'dir'));
    expect((await loadError({ cwd, env: {}, configPath: 'dir' })).message).toMatch(/^config file dir is a directory/);
  });

  it('names the file in value errors', async () => {
    await write('feedbucket.config.json', { ...site, limit: 'lots' });
    expect((await loadError({ cwd, env: {} })).message).toBe(
      'limit: "lots" from feedbucket.config.json is not a positive integer; set it to a whole number from 1 to 1000 such as 20',
    );
  });

  it('names the --config file as given in value errors', async () => {
    await write('conf/site.json', { ...site, timezone: 'Moon/Base' });
    expect((await loadError({ cwd, env: {}, configPath: 'conf/site.json' })).message).toMatch(
      /^timezone: "Moon\/Base" from conf\/site\.json is not an IANA time zone/,
    );
  });

  it('suggests the closest key for a typo', async () => {
    await write('feedbucket.config.json', { ...site, permalnik: '/:slug/' });
    expect((await loadError({ cwd, env: {} })).message).toBe(
      'feedbucket.config.json: unknown key "permalnik"; did you mean "permalink"?',
    );
  });

  it('names the file and line of malformed JSON', async () => {
    await write('feedbucket.config.json', '{\n  "siteUrl": "https://x.example/",\n  "title": "T",\n  "limit": 20,\n}\n');
    const message = (await loadError({ cwd, env: {} })).message;
    expect(message).toMatch(/^feedbucket\.config\.json:5: invalid JSON \(.+\); fix the syntax/);
  });
});

describe('parseJsonFile', () => {
  const lineOf = (text: string) => {
    try {
      parseJsonFile('f.json', text);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return Number(/^f\.json:(\d+):/.exec((error as Error).message)?.[1]);
    }
    throw new Error('expected an error');
  };

  it.each([
    ['a trailing comma', '{\n  "a": 1,\n  "b": 2,\n}', 4],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3],
    ['a bare word', '{\n  "a": 1,\n  "b": nope\n}', 3],
    ['a comment', '{\n  // comment\n  "a": 1\n}', 2],
    ['single quotes', "{\n\n  'a': 1\n}", 3],
    ['a trailing comma in a list', '{\n  "a": [1,\n2,]\n}', 3],
    ['an unterminated object', '{\n  "a": 1\n\n', 2],
    ['an empty file', '', 1],
  ])('%s', (_name, text, line) => {
    expect(lineOf(text)).toBe(line);
  });

  it('gives a readable reason without the quoted source', () => {
    expect(() => parseJsonFile('f.json', '{\n  "b": nope\n}')).toThrow(
      /^f\.json:2: invalid JSON \(Unexpected token '\w'\); fix the syntax \(double quotes, no trailing commas, no comments\)$/,
    );
  });
});
