/** The configuration keys: their flags, environment variables and help, and the shared limits. */
import type { SiteConfig } from '../model.ts';

export type ConfigKey = keyof SiteConfig;

export interface ConfigKeySpec {
  env: string;
  flag: string;
  /** Placeholder for the flag's value in `--help`. */
  arg: string;
  help: string;
}

export const MAX_LIMIT = 1000;
/** 5 MiB: CommaFeed refuses a feed document larger than this (Miniflux takes 15 MiB). */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
/** 16 KiB: room for the feed's own elements and a few items. */
export const MIN_MAX_BYTES = 16 * 1024;
/** Hugo's and Jekyll's own tokens, read as the configured generator reads them (see src/posts/permalink.ts). */
export const PERMALINK_TOKENS = [
  ':year', ':month', ':day', ':i_month', ':i_day', ':short_year', ':monthname', ':long_month', ':short_month', ':y_day', ':yearday',
  ':slug', ':title', ':filename', ':name', ':slugorfilename', ':section', ':sections', ':categories', ':output_ext',
] as const;
export const GENERATORS = ['auto', 'hugo', 'jekyll', 'zola', 'plain'] as const;
/** Jekyll's named permalink styles, accepted as `permalink` values. */
export const PERMALINK_STYLES = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
} as const;

/** The README's configuration table; the order is the order of `--help` and of error reports. */
export const CONFIG_KEYS = {
  siteUrl: { env: 'SITE_URL', flag: '--site-url', arg: 'url', help: 'absolute http(s) URL of the site (required)' },
  title: { env: 'SITE_TITLE', flag: '--title', arg: 'text', help: 'feed title (required)' },
  description: { env: 'SITE_DESCRIPTION', flag: '--description', arg: 'text', help: 'feed description (default: "")' },
  language: { env: 'SITE_LANGUAGE', flag: '--language', arg: 'tag', help: 'BCP 47 language tag (default: en)' },
  author: { env: 'SITE_AUTHOR', flag: '--author', arg: 'name', help: 'site author name (default: none)' },
  source: { env: 'FEED_SOURCE', flag: '--source', arg: 'dir|s3-url', help: 'posts: a directory or s3://bucket/prefix/ (default: content)' },
  out: { env: 'FEED_OUT', flag: '--out', arg: 'dir|s3-url', help: 'feeds: a directory or s3://bucket/prefix/ (default: public)' },
  limit: { env: 'FEED_LIMIT', flag: '--limit', arg: 'n', help: `items per feed, 1 to ${MAX_LIMIT} (default: 20)` },
  maxBytes: {
    env: 'FEED_MAX_BYTES',
    flag: '--max-bytes',
    arg: 'n',
    help: `largest feed document in bytes, at least ${MIN_MAX_BYTES}; the oldest items leave until it fits (default: ${DEFAULT_MAX_BYTES}, 5 MiB)`,
  },
  generator: { env: 'FEED_GENERATOR', flag: '--generator', arg: 'name', help: 'whose post conventions to follow: auto, hugo, jekyll, zola or plain (default: auto)' },
  permalink: { env: 'PERMALINK', flag: '--permalink', arg: 'pattern', help: "post URL pattern such as /:year/:slug/ (default: the generator's own)" },
  timezone: { env: 'SITE_TIMEZONE', flag: '--timezone', arg: 'zone', help: 'IANA zone for dates without an offset (default: UTC)' },
  exclude: { env: 'FEED_EXCLUDE', flag: '--exclude', arg: 'globs', help: 'comma-separated globs of files that are not posts (default: README, LICENSE, CHANGELOG…)' },
  feeds: { env: 'FEED_PATHS', flag: '--feeds', arg: 'json', help: 'feed file names, e.g. {"rss":{"main":"index.xml"}} (default: rss.xml, atom.xml, feed.json)' },
  shortcodes: { env: 'FEED_SHORTCODES', flag: '--shortcodes', arg: 'json', help: 'the site\'s shortcodes as HTML, e.g. {"note":"<aside>{{inner}}</aside>"} (default: none)' },
  browserView: {
    env: 'FEED_BROWSER_VIEW',
    flag: '--browser-view',
    arg: 'on|off',
    help: 'RSS and Atom readable in a browser: a stylesheet, served as XML (default: on)',
  },
  archives: {
    env: 'FEED_ARCHIVES',
    flag: '--archives',
    arg: 'on|off',
    help: 'older posts in RFC 5005 archive documents linked from each feed (default: on)',
  },
  hub: { env: 'FEED_HUB', flag: '--hub', arg: 'urls', help: 'comma-separated WebSub hub URLs: the feeds name them and each build tells them of changed feeds (default: none)' },
} as const satisfies Record<ConfigKey, ConfigKeySpec>;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** The file looked for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = 'feedbucket.config.json';
