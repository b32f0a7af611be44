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
export const PERMALINK_TOKENS = [':year', ':month', ':day', ':slug', ':section'] as const;

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
  permalink: { env: 'PERMALINK', flag: '--permalink', arg: 'pattern', help: 'post URL pattern; tokens :year :month :day :slug :section (default: /:slug/)' },
  timezone: { env: 'SITE_TIMEZONE', flag: '--timezone', arg: 'zone', help: 'IANA zone for dates without an offset (default: UTC)' },
} as const satisfies Record<ConfigKey, ConfigKeySpec>;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** The file looked for in the working directory when no `--config` is given. */
export const DEFAULT_CONFIG_FILE = 'feedbucket.config.json';
