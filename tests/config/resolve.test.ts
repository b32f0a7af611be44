import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, type ConfigKey } from '../../src/config/keys.ts';
import { checkConfig, resolveConfig, type ConfigLayers } from '../../src/config/resolve.ts';
import { suggestKey } from '../../src/config/suggest.ts';
import { DEFAULT_EXCLUDE } from '../../src/config/schema.ts';

const required = { SITE_URL: 'https://blog.example.com/', SITE_TITLE: 'My Blog' };

function errorOf(layers: ConfigLayers): ConfigError {
  try {
    resolveConfig(layers);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('fills every optional key with its default', () => {
    expect(resolveConfig({ env: required })).toEqual({
      siteUrl: 'https://blog.example.com/',
      title: 'My Blog',
      description: '',
      language: 'en',
      source: 'content',
      out: 'public',
      limit: 20,
      maxBytes: 5242880,
      browserView: true,
      archives: true,
      generator: 'auto',
      timezone: 'UTC',
      exclude: DEFAULT_EXCLUDE,
      feeds: {
        rss: { main: 'rss.xml', tags: 'tags/:slug/rss.xml', categories: 'categories/:slug/rss.xml' },
        atom: { main: 'atom.xml', tags: 'tags/:slug/atom.xml', categories: 'categories/:slug/atom.xml' },
        json: { main: 'feed.json', tags: 'tags/:slug/feed.json', categories: 'categories/:slug/feed.json' },
      },
      shortcodes: {},
    });
  });

  it("leaves permalink out when none is set: the generator's own default applies", () => {
    expect('permalink' in resolveConfig({ env: required })).toBe(false);
  });

  it('leaves hub out when none is set, or the list is empty: no hub, and no byte of the feeds changes', () => {
    expect('hub' in resolveConfig({ env: required })).toBe(false);
    expect('hub' in resolveConfig({ env: required, file: { path: 'feedbucket.config.json', values: { hub: [] } } })).toBe(false);
  });

  it('takes one hub as a string and several as a list, normalised and each once', () => {
    const file = (hub: unknown) => resolveConfig({ env: required, file: { path: 'feedbucket.config.json', values: { hub } } }).hub;
    expect(file(' https://hub.example ')).toEqual(['https://hub.example/']);
    expect(file(['https://a.example/hub?x=1', 'https://b.example/', 'https://a.example/hub?x=1'])).toEqual(['https://a.example/hub?x=1', 'https://b.example/']);
  });

  it('leaves author out entirely when none is set', () => {
    expect('author' in resolveConfig({ env: required })).toBe(false);
  });

  it('resolves the default directories against cwd when given', () => {
    const config = resolveConfig({ env: required, cwd: '/srv/blog' });
    expect(config.source).toBe(path.join('/srv/blog', 'content'));
    expect(config.out).toBe(path.join('/srv/blog', 'public'));
  });
});

describe('precedence: flag > env > file > default, for every key', () => {
  // Three valid, distinct values per key, plus what each resolves to.
  const values: Record<ConfigKey, { file: unknown; env: string; flag: string; expected: [unknown, unknown, unknown, unknown] }> = {
    siteUrl: {
      file: 'https://file.example/',
      env: 'https://env.example/',
      flag: 'https://flag.example/',
      expected: ['https://flag.example/', 'https://env.example/', 'https://file.example/', undefined],
    },
    title: { file: 'File', env: 'Env', flag: 'Flag', expected: ['Flag', 'Env', 'File', undefined] },
    description: { file: 'file d', env: 'env d', flag: 'flag d', expected: ['flag d', 'env d', 'file d', ''] },
    language: { file: 'fr', env: 'de', flag: 'es', expected: ['es', 'de', 'fr', 'en'] },
    author: { file: 'Fiona', env: 'Eve', flag: 'Flo', expected: ['Flo', 'Eve', 'Fiona', undefined] },
    source: {
      file: 's3://file-bucket/posts/',
      env: 's3://env-bucket/posts/',
      flag: 's3://flag-bucket/posts/',
      expected: ['s3://flag-bucket/posts/', 's3://env-bucket/posts/', 's3://file-bucket/posts/', 'content'],
    },
    out: {
      file: 's3://file-bucket/feeds/',
      env: 's3://env-bucket/feeds/',
      flag: 's3://flag-bucket/feeds/',
      expected: ['s3://flag-bucket/feeds/', 's3://env-bucket/feeds/', 's3://file-bucket/feeds/', 'public'],
    },
    limit: { file: 5, env: '6', flag: '7', expected: [7, 6, 5, 20] },
    maxBytes: { file: 100000, env: '200000', flag: ' 300000 ', expected: [300000, 200000, 100000, 5242880] },
    permalink: {
      file: '/:year/:slug/',
      env: '/:section/:slug/',
      flag: '/posts/:slug.html',
      expected: ['/posts/:slug.html', '/:section/:slug/', '/:year/:slug/', undefined],
    },
    generator: { file: 'jekyll', env: 'zola', flag: 'Hugo', expected: ['hugo', 'zola', 'jekyll', 'auto'] },
    exclude: {
      file: ['notes/**'],
      env: 'a.md, b/**',
      flag: 'c.md',
      expected: [['c.md'], ['a.md', 'b/**'], ['notes/**'], DEFAULT_EXCLUDE],
    },
    feeds: {
      file: { rss: { main: 'index.xml' } },
      env: '{"atom":{"main":"feed.xml"}}',
      flag: '{"json":{"tags":"tags/:slug/index.json"}}',
      expected: [
        expect.objectContaining({ json: { main: 'feed.json', tags: 'tags/:slug/index.json', categories: 'categories/:slug/feed.json' } }),
        expect.objectContaining({ atom: { main: 'feed.xml', tags: 'tags/:slug/atom.xml', categories: 'categories/:slug/atom.xml' } }),
        expect.objectContaining({ rss: { main: 'index.xml', tags: 'tags/:slug/rss.xml', categories: 'categories/:slug/rss.xml' } }),
        expect.objectContaining({ rss: { main: 'rss.xml', tags: 'tags/:slug/rss.xml', categories: 'categories/:slug/rss.xml' } }),
      ],
    },
    shortcodes: {
      file: { note: '<aside>{{inner}}</aside>' },
      env: '{"tip":"<p>{{0}}</p>"}',
      flag: '{"warn":"<strong>{{inner | markdownify}}</strong>"}',
      expected: [{ warn: '<strong>{{inner | markdownify}}</strong>' }, { tip: '<p>{{0}}</p>' }, { note: '<aside>{{inner}}</aside>' }, {}],
    },
    timezone: {
      file: 'Europe/Berlin',
      env: 'America/New_York',
      flag: 'Asia/Tokyo',
      expected: ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'UTC'],
    },
    browserView: {
      file: false,
      env: 'off',
      flag: 'On',
      expected: [true, false, false, true],
    },
    archives: {
      file: true,
      env: 'no',
      flag: 'off',
      expected: [false, false, true, true],
    },
    hub: {
      file: ['https://file.example/hub', 'https://file2.example/'],
      env: 'https://env.example/hub, https://env2.example',
      flag: 'https://flag.example/hub',
      expected: [
        ['https://flag.example/hub'],
        ['https://env.example/hub', 'https://env2.example/'],
        ['https://file.example/hub', 'https://file2.example/'],
        undefined,
      ],
    },
  };
  // The required keys need some value when the key under test falls through to its default.
  const base = { file: { siteUrl: 'https://base.example/', title: 'Base' } };

  it.each(CONFIG_KEY_NAMES)('%s', (key) => {
    const v = values[key];
    const env = CONFIG_KEYS[key].env;
    const layers = (flag: boolean, fromEnv: boolean, file: boolean): ConfigLayers => ({
      ...(flag ? { flags: { [key]: v.flag } } : {}),
      ...(fromEnv ? { env: { [env]: v.env } } : {}),
      file: { path: 'feedbucket.config.json', values: { ...base.file, ...(file ? { [key]: v.file } : {}) } },
    });
    const [fromFlag, fromEnv, fromFile, fromDefault] = v.expected;
    const check = (l: ConfigLayers) => {
      const result = checkConfig(l);
      if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
      return result;
    };
    expect(check(layers(true, true, true)).config[key]).toEqual(fromFlag);
    expect(check(layers(true, true, true)).origins[key]).toEqual({ kind: 'flag', name: CONFIG_KEYS[key].flag });
    expect(check(layers(false, true, true)).config[key]).toEqual(fromEnv);
    expect(check(layers(false, true, true)).origins[key]).toEqual({ kind: 'env', name: env });
    expect(check(layers(false, false, true)).config[key]).toEqual(fromFile);
    expect(check(layers(false, false, true)).origins[key]).toEqual({ kind: 'file', path: 'feedbucket.config.json' });
    if (key === 'siteUrl' || key === 'title') {
      // Required: no default. Without the base file value it is an error instead.
      const { file: _file, ...rest } = layers(false, false, false);
      void _file;
      expect(checkConfig({ ...rest, env: key === 'siteUrl' ? { SITE_TITLE: 'T' } : { SITE_URL: 'https://x.example/' } }).ok).toBe(false);
    } else {
      expect(check(layers(false, false, false)).config[key]).toEqual(fromDefault);
      expect(check(layers(false, false, false)).origins[key]).toEqual({ kind: 'default' });
    }
  });

  it('an empty environment variable counts as not set', () => {
    const config = resolveConfig({
      env: { ...required, FEED_LIMIT: '', SITE_AUTHOR: '' },
      file: { path: 'feedbucket.config.json', values: { limit: 9, author: 'Ann' } },
    });
    expect(config.limit).toBe(9);
    expect(config.author).toBe('Ann');
  });

  it('an empty --author flag clears the author from lower layers', () => {
    const config = resolveConfig({ flags: { author: '' }, env: { ...required, SITE_AUTHOR: 'Eve' } });
    expect(config.author).toBeUndefined();
    expect('author' in config).toBe(false);
  });

  it('ignores flags that are not config keys (commander also returns force, json, …)', () => {
    const flags = { force: true, json: true, config: 'x.json', dryRun: true, limit: '3' };
    expect(resolveConfig({ flags, env: required }).limit).toBe(3);
  });
});

describe('invalid values name the key, the origin, the value and the fix', () => {
  const cases: { name: string; layers: ConfigLayers; expected: string[] }[] = [
    {
      name: 'limit from env',
      layers: { env: { ...required, FEED_LIMIT: 'abc' } },
      expected: ['limit: "abc" from FEED_LIMIT is not a positive integer; set it to a whole number from 1 to 1000 such as 20'],
    },
    {
      name: 'limit from flag',
      layers: { flags: { limit: '0' }, env: required },
      expected: ['limit: "0" from --limit is not a positive integer', 'such as 20'],
    },
    {
      name: 'limit from file',
      layers: { env: required, file: { path: 'site/feedbucket.config.json', values: { limit: 2.5 } } },
      expected: ['limit: 2.5 from site/feedbucket.config.json is not a positive integer', 'such as 20'],
    },
    {
      name: 'maxBytes below 16 KiB',
      layers: { flags: { maxBytes: '1000' }, env: required },
      expected: ['maxBytes: "1000" from --max-bytes is less than 16384, too little for a feed\'s own elements and a few items; set it to at least 16384 (16 KiB), such as 5242880 (5 MiB)'],
    },
    {
      name: 'maxBytes with a unit',
      layers: { env: { ...required, FEED_MAX_BYTES: '5MiB' } },
      expected: ['maxBytes: "5MiB" from FEED_MAX_BYTES is not a whole number of bytes; set it to at least 16384 (16 KiB), such as 5242880 (5 MiB)'],
    },
    {
      name: 'maxBytes from file',
      layers: { env: required, file: { path: 'feedbucket.config.json', values: { maxBytes: 65536.5 } } },
      expected: ['maxBytes: 65536.5 from feedbucket.config.json is not a whole number of bytes'],
    },
    {
      name: 'limit too large',
      layers: { flags: { limit: '5000' }, env: required },
      expected: ['limit: "5000" from --limit is more than 1000; set it to a whole number from 1 to 1000'],
    },
    {
      name: 'siteUrl relative',
      layers: { env: { ...required, SITE_URL: '/blog/' } },
      expected: ['siteUrl: "/blog/" from SITE_URL is not an absolute URL', 'such as https://blog.example.com/'],
    },
    {
      name: 'siteUrl without a scheme',
      layers: { flags: { siteUrl: 'blog.example.com' }, env: required },
      expected: ['siteUrl: "blog.example.com" from --site-url is not an absolute URL', 'https://blog.example.com/'],
    },
    {
      name: 'siteUrl not http(s)',
      layers: { env: { ...required, SITE_URL: 'ftp://blog.example.com/' } },
      expected: ['siteUrl: "ftp://blog.example.com/" from SITE_URL uses ftp:, not http(s)'],
    },
    {
      name: 'siteUrl with a query',
      layers: { env: { ...required, SITE_URL: 'https://blog.example.com/?lang=en' } },
      expected: ['siteUrl: "https://blog.example.com/?lang=en" from SITE_URL has a query or fragment'],
    },
    {
      name: 'siteUrl not a string in the file',
      layers: { env: { SITE_TITLE: 'T' }, file: { path: 'feedbucket.config.json', values: { siteUrl: 42 } } },
      expected: ['siteUrl: 42 from feedbucket.config.json is not text; use a string'],
    },
    {
      name: 'empty title',
      layers: { flags: { title: '   ' }, env: required },
      expected: ['title: "   " from --title is empty; set it to the name of the site'],
    },
    {
      name: 'language with an underscore',
      layers: { env: { ...required, SITE_LANGUAGE: 'en_US' } },
      expected: ['language: "en_US" from SITE_LANGUAGE is not a BCP 47 language tag; use en-US'],
    },
    {
      name: 'language as a word',
      layers: { flags: { language: 'english' }, env: required },
      expected: ['language: "english" from --language is not a BCP 47 language tag; use a code such as en, en-US or de-CH'],
    },
    {
      name: 'timezone',
      layers: { env: { ...required, SITE_TIMEZONE: 'Mars/Olympus' } },
      expected: ['timezone: "Mars/Olympus" from SITE_TIMEZONE is not an IANA time zone; use a name such as UTC, Europe/Berlin'],
    },
    {
      name: 'timezone as an offset',
      layers: { flags: { timezone: '+02:00' }, env: required },
      expected: ['timezone: "+02:00" from --timezone is not an IANA time zone'],
    },
    {
      name: 'permalink without a leading slash',
      layers: { env: { ...required, PERMALINK: ':slug/' } },
      expected: ['permalink: ":slug/" from PERMALINK does not start with a single /', '/:slug/'],
    },
    {
      name: 'permalink with an unknown token',
      layers: { flags: { permalink: '/:yaer/:slug/' }, env: required },
      expected: ['permalink: "/:yaer/:slug/" from --permalink has unknown token :yaer (did you mean :year?); use only :year :month :day :i_month :i_day :short_year :monthname :long_month :short_month :y_day :yearday :slug :title :filename :name :slugorfilename :section :sections :categories :output_ext'],
    },
    {
      name: 'permalink without :slug',
      layers: { env: { ...required, PERMALINK: '/:year/:month/' } },
      expected: ['permalink: "/:year/:month/" from PERMALINK has no :slug or :title', 'add one, e.g. /:year/:slug/'],
    },
    {
      name: 'source with a foreign scheme',
      layers: { flags: { source: 'https://example.com/posts' }, env: required },
      expected: ['source: "https://example.com/posts" from --source is neither a directory nor an s3:// location', 's3://bucket/prefix/'],
    },
    {
      name: 'out with a bad bucket',
      layers: { env: { ...required, FEED_OUT: 's3://My_Bucket/feeds/' } },
      expected: [
        'out: "s3://My_Bucket/feeds/" from FEED_OUT is not a valid S3 location: bucket "My_Bucket" is not a bucket name',
        'expected s3://bucket/prefix/',
      ],
    },
    {
      name: 'source with an unsafe S3 prefix',
      layers: { flags: { source: 's3://bucket/a/../b/' }, env: required },
      expected: ['source: "s3://bucket/a/../b/" from --source is not a valid S3 location: invalid S3 prefix "a/../b/"', 'without "." or ".." segments'],
    },
    {
      name: 'browserView not a switch',
      layers: { env: { ...required, FEED_BROWSER_VIEW: 'maybe' } },
      expected: ['browserView: "maybe" from FEED_BROWSER_VIEW is not on or off; write true or false (in flags and env: on or off)'],
    },
    {
      name: 'browserView a word no switch is, though an object has it',
      layers: { env: { ...required, FEED_BROWSER_VIEW: 'constructor' } },
      expected: ['browserView: "constructor" from FEED_BROWSER_VIEW is not on or off'],
    },
    {
      name: 'hub with a password',
      layers: { env: { ...required, FEED_HUB: 'https://ada:secret@hub.example/' } },
      expected: ['hub: "https://ada:secret@hub.example/" from FEED_HUB has a user name or password in "hub.example"; every feed shows its hubs to every reader'],
    },
    {
      name: 'browserView a number in the file',
      layers: { env: required, file: { path: 'feedbucket.config.json', values: { browserView: 1 } } },
      expected: ['browserView: 1 from feedbucket.config.json is not on or off'],
    },
    {
      name: 'hub relative',
      layers: { env: { ...required, FEED_HUB: '/hub' } },
      expected: ['hub: "/hub" from FEED_HUB has "/hub", which is not an absolute URL; write the hub\'s address such as https://pubsubhubbub.appspot.com/'],
    },
    {
      name: 'hub not http(s)',
      layers: { flags: { hub: 'https://ok.example/, ws://hub.example/' }, env: required },
      expected: ['hub: "https://ok.example/, ws://hub.example/" from --hub has "ws://hub.example/", which uses ws:, not http(s)'],
    },
    {
      name: 'hub entry not text in the file',
      layers: { env: required, file: { path: 'feedbucket.config.json', values: { hub: ['https://hub.example/', 7] } } },
      expected: ['hub: ["https://hub.example/",7] from feedbucket.config.json has an entry that is not text; write each hub as a URL string'],
    },
    {
      name: 'hub as an object in the file',
      layers: { env: required, file: { path: 'feedbucket.config.json', values: { hub: { url: 'https://hub.example/' } } } },
      expected: ['hub: {"url":"https://hub.example/"} from feedbucket.config.json is not a URL or a list of URLs; write one such as'],
    },
    {
      name: 'empty out from the file',
      layers: { env: required, file: { path: 'feedbucket.config.json', values: { out: '' } } },
      expected: ['out: "" from feedbucket.config.json is empty; set it to a directory such as public'],
    },
  ];

  it.each(cases)('$name', ({ layers, expected }) => {
    const error = errorOf(layers);
    for (const text of expected) expect(error.message).toContain(text);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  it('reports every problem, one line each, in table order', () => {
    const error = errorOf({
      flags: { timezone: 'Nowhere/Town' },
      env: { SITE_URL: 'nope', FEED_LIMIT: '-3' },
    });
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^siteUrl: "nope" from SITE_URL /);
    expect(lines[1]).toMatch(/^title is required/);
    expect(lines[2]).toMatch(/^limit: "-3" from FEED_LIMIT /);
    expect(lines[3]).toMatch(/^timezone: "Nowhere\/Town" from --timezone /);
  });

  it('returns the problems as data from checkConfig', () => {
    const result = checkConfig({ env: { ...required, FEED_LIMIT: 'x' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { key: 'limit', origin: { kind: 'env', name: 'FEED_LIMIT' }, message: expect.stringContaining('limit: "x" from FEED_LIMIT') },
    ]);
  });
});

describe('required keys', () => {
  it('names every way to set a missing siteUrl', () => {
    expect(errorOf({ env: { SITE_TITLE: 'T' } }).message).toBe(
      'siteUrl is required; set it with --site-url, SITE_URL or "siteUrl" in feedbucket.config.json',
    );
  });

  it('names the config file in use when there is one', () => {
    const message = errorOf({ env: { SITE_URL: 'https://x.example/' }, file: { path: 'conf/site.json', values: {} } }).message;
    expect(message).toBe('title is required; set it with --title, SITE_TITLE or "title" in conf/site.json');
  });

  it('reports both when nothing is configured', () => {
    expect(errorOf({}).message.split('\n')).toEqual([
      expect.stringMatching(/^siteUrl is required/),
      expect.stringMatching(/^title is required/),
    ]);
  });
});

describe('siteUrl normalisation', () => {
  it.each([
    ['https://blog.example.com', 'https://blog.example.com/'],
    ['https://blog.example.com/', 'https://blog.example.com/'],
    ['https://example.com/blog', 'https://example.com/blog/'],
    ['https://example.com/blog/', 'https://example.com/blog/'],
    ['  http://Example.COM/Blog  ', 'http://example.com/Blog/'],
    ['http://localhost:8080', 'http://localhost:8080/'],
  ])('%s → %s', (input, expected) => {
    expect(resolveConfig({ env: { ...required, SITE_URL: input } }).siteUrl).toBe(expected);
  });
});

describe('value normalisation', () => {
  it('accepts a limit as a string with spaces, and the maximum', () => {
    expect(resolveConfig({ env: { ...required, FEED_LIMIT: ' 12 ' } }).limit).toBe(12);
    expect(resolveConfig({ env: { ...required, FEED_LIMIT: '1000' } }).limit).toBe(1000);
    expect(resolveConfig({ env: { ...required, FEED_LIMIT: '1' } }).limit).toBe(1);
  });

  it.each(['1.5', '1e3', '0x10', '-1', '20 posts', ' '])('refuses limit %j', (limit) => {
    expect(errorOf({ env: { ...required, FEED_LIMIT: limit } }).message).toMatch(/^limit: .* from FEED_LIMIT is not a positive integer/);
  });

  it('fixes the case of a time zone and keeps a valid alias as written', () => {
    expect(resolveConfig({ env: { ...required, SITE_TIMEZONE: 'europe/berlin' } }).timezone).toBe('Europe/Berlin');
    expect(resolveConfig({ env: { ...required, SITE_TIMEZONE: 'utc' } }).timezone).toBe('UTC');
    expect(resolveConfig({ env: { ...required, SITE_TIMEZONE: 'US/Eastern' } }).timezone).toBe('US/Eastern');
  });

  it('canonicalises language tags', () => {
    expect(resolveConfig({ env: { ...required, SITE_LANGUAGE: 'en-us' } }).language).toBe('en-US');
    expect(resolveConfig({ env: { ...required, SITE_LANGUAGE: 'zh-Hant-TW' } }).language).toBe('zh-Hant-TW');
  });

  it('trims text and keeps an explicit empty description', () => {
    const config = resolveConfig({ flags: { title: '  Blog  ', description: '' }, env: { SITE_URL: 'https://x.example' } });
    expect(config.title).toBe('Blog');
    expect(config.description).toBe('');
  });

  it('accepts a null author in the file as none', () => {
    const config = resolveConfig({ env: required, file: { path: 'f.json', values: { author: null } } });
    expect(config.author).toBeUndefined();
  });

  it('normalises an S3 prefix to end in / and keeps a bare bucket', () => {
    const config = resolveConfig({ env: { ...required, FEED_SOURCE: 's3://my-bucket/posts', FEED_OUT: 's3://my-bucket' } });
    expect(config.source).toBe('s3://my-bucket/posts/');
    expect(config.out).toBe('s3://my-bucket/');
  });

  it('reads S3 locations by the same rule as the stores: any case of s3:, repeated trailing slashes', () => {
    const config = resolveConfig({ env: { ...required, FEED_SOURCE: 'S3://my-bucket/posts//', FEED_OUT: 's3://my-bucket/feeds/' } });
    expect(config.source).toBe('s3://my-bucket/posts/');
    expect(config.out).toBe('s3://my-bucket/feeds/');
  });

  it('resolves directories from flags and env against cwd, from the file against its own directory', () => {
    const config = resolveConfig({
      flags: { source: 'posts' },
      env: required,
      file: { path: 'site/feedbucket.config.json', values: { out: 'dist/feeds' }, dir: '/srv/blog/site' },
      cwd: '/srv/blog',
    });
    expect(config.source).toBe(path.join('/srv/blog', 'posts'));
    expect(config.out).toBe(path.join('/srv/blog/site', 'dist/feeds'));
    expect(resolveConfig({ env: { ...required, FEED_OUT: '/var/www/feeds' }, cwd: '/srv/blog' }).out).toBe('/var/www/feeds');
  });

  it('keeps directories as written without cwd (the Lambda has none to offer)', () => {
    expect(resolveConfig({ env: { ...required, FEED_SOURCE: 'posts' } }).source).toBe('posts');
  });
});

describe('unknown keys in the config file', () => {
  const fileError = (values: object) =>
    errorOf({ env: required, file: { path: 'feedbucket.config.json', values } }).message;

  it.each([
    ['tilte', 'title'],
    ['siteURL', 'siteUrl'],
    ['site_url', 'siteUrl'],
    ['SITE_URL', 'siteUrl'],
    ['timeZone', 'timezone'],
    ['limt', 'limit'],
    ['permalnk', 'permalink'],
    ['--out', 'out'],
  ])('%s suggests %s', (typo, key) => {
    expect(fileError({ [typo]: 'x' })).toBe(`feedbucket.config.json: unknown key "${typo}"; did you mean "${key}"?`);
    expect(suggestKey(typo)).toBe(key);
  });

  it('lists the known keys when nothing is close', () => {
    expect(fileError({ baseURL: 'x' })).toBe(
      `feedbucket.config.json: unknown key "baseURL"; known keys are ${CONFIG_KEY_NAMES.join(', ')}`,
    );
  });

  it('reports every unknown key', () => {
    expect(fileError({ tilte: 'x', limt: 3 }).split('\n')).toHaveLength(2);
  });

  it('allows a $schema key', () => {
    expect(resolveConfig({ env: required, file: { path: 'f.json', values: { $schema: './schema.json' } } }).title).toBe('My Blog');
  });

  it('refuses a file that is not an object', () => {
    expect(fileError([] as unknown as object)).toMatch(/^feedbucket.config.json: is not a JSON object; write \{ "siteUrl"/);
  });
});
