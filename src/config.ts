/**
 * The site configuration: one schema, four layers.
 *
 * Precedence per key: CLI flag > environment variable > config file > default.
 * `resolveConfig` is pure (the Lambda handler calls it with `{ env: process.env }`);
 * `loadConfig` adds the file system: it finds and parses the config file.
 * Every invalid value is reported with its key, where it came from, the value and the fix.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import type { SiteConfig } from './model.ts';

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

/** DESIGN.md's configuration table; the order is the order of `--help` and of error reports. */
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


// ---------------------------------------------------------------------------------------------
// The schema. Each refinement's message is "<problem>; <fix>"; `describeProblem` prefixes the
// key, the value and its origin.

const NOT_TEXT = 'is not text; use a string';

function text(fix: string) {
  return z.string({ error: `${NOT_TEXT}${fix ? `, ${fix}` : ''}` });
}

const siteUrl = text('such as "https://blog.example.com/"').transform((raw, ctx) => {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue('is not an absolute URL; set it to the site\'s address such as https://blog.example.com/');
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue(`uses ${url.protocol}, not http(s); set it to the site's address such as https://blog.example.com/`);
    return z.NEVER;
  }
  if (url.search || url.hash || value.includes('?') || value.includes('#')) {
    ctx.addIssue('has a query or fragment; use the bare site address such as https://blog.example.com/');
    return z.NEVER;
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
});

const title = text('such as "My Blog"')
  .trim()
  .min(1, 'is empty; set it to the name of the site such as "My Blog"');

const description = text('such as "Notes on things"').trim();

const LANGUAGE_SHAPE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

function canonicalLanguage(tag: string): string | undefined {
  if (!LANGUAGE_SHAPE.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const language = text('such as "en"').transform((raw, ctx) => {
  const value = raw.trim();
  const canonical = canonicalLanguage(value);
  if (canonical) return canonical;
  const dashed = canonicalLanguage(value.replaceAll('_', '-'));
  ctx.addIssue(
    dashed
      ? `is not a BCP 47 language tag; use ${dashed} (a hyphen, not an underscore)`
      : 'is not a BCP 47 language tag; use a code such as en, en-US or de-CH',
  );
  return z.NEVER;
});

const author = text('such as "Ada Lovelace"')
  .nullable()
  .transform((raw) => raw?.trim() || undefined);

const S3_LOCATION = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** A directory (kept as written here; see `resolveLocalPaths`) or `s3://bucket/prefix/` (normalised to end in `/`). */
function location(example: string) {
  return text(`such as "${example}"`).transform((raw, ctx) => {
    const value = raw.trim();
    if (!value) {
      ctx.addIssue(`is empty; set it to a directory such as ${example} or to s3://bucket/prefix/`);
      return z.NEVER;
    }
    if (/^s3:/i.test(value)) {
      const match = S3_LOCATION.exec(value);
      if (!match) {
        ctx.addIssue('is not a valid S3 location; use s3://bucket/prefix/ with a lowercase bucket name');
        return z.NEVER;
      }
      const prefix = match[2] ?? '';
      return `s3://${match[1]}/${prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix}`;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      ctx.addIssue(`is neither a directory nor an s3:// location; use a directory such as ${example} or s3://bucket/prefix/`);
      return z.NEVER;
    }
    return value;
  });
}

const limitProblem = `is not a positive integer; set it to a whole number from 1 to ${MAX_LIMIT} such as 20`;

/** Flags and environment variables are strings: accept `"20"`, refuse `"20abc"`, `""`, `"1e3"`. */
const limit = z.preprocess(
  (raw) => (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw),
  z
    .number({ error: limitProblem })
    .int({ error: limitProblem })
    .min(1, { error: limitProblem })
    .max(MAX_LIMIT, { error: `is more than ${MAX_LIMIT}; set it to a whole number from 1 to ${MAX_LIMIT} such as 20` }),
);

const permalink = text('such as "/:slug/"').transform((raw, ctx) => {
  const value = raw.trim();
  const tokens = PERMALINK_TOKENS.join(' ');
  if (!value.startsWith('/') || value.startsWith('//')) {
    ctx.addIssue(`does not start with a single /; use a site-relative pattern such as /:slug/ or /:year/:month/:slug/`);
    return z.NEVER;
  }
  if (/[\s?#\\]/.test(value)) {
    ctx.addIssue('contains a space, ?, # or \\; use a path pattern such as /:slug/');
    return z.NEVER;
  }
  const unknown = (value.match(/:[A-Za-z_]+/g) ?? []).filter(
    (token) => !(PERMALINK_TOKENS as readonly string[]).includes(token),
  );
  if (unknown.length > 0) {
    const hint = closest(unknown[0]!, PERMALINK_TOKENS);
    ctx.addIssue(
      `has unknown token ${unknown[0]}${hint ? ` (did you mean ${hint}?)` : ''}; use only ${tokens}`,
    );
    return z.NEVER;
  }
  if (!value.includes(':slug')) {
    ctx.addIssue('has no :slug, so every post would get the same URL; add :slug, e.g. /:year/:slug/');
    return z.NEVER;
  }
  return value;
});

const timezone = text('such as "Europe/Berlin"').transform((raw, ctx) => {
  const value = raw.trim();
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    // Fix the case (`europe/berlin`), but keep a valid alias as written (`US/Eastern`).
    return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
  } catch {
    ctx.addIssue('is not an IANA time zone; use a name such as UTC, Europe/Berlin or America/New_York');
    return z.NEVER;
  }
});

/** The one schema for DESIGN.md's configuration table, defaults included. */
export const siteConfigSchema = z.object({
  siteUrl,
  title,
  description: description.default(''),
  language: language.default('en'),
  author: author.optional(),
  source: location('content').default('content'),
  out: location('public').default('public'),
  limit: limit.default(20),
  permalink: permalink.default('/:slug/'),
  timezone: timezone.default('UTC'),
}) satisfies z.ZodType<SiteConfig>; // keeps the schema and the shared model in step

// ---------------------------------------------------------------------------------------------
// Layers and their resolution.

/** Raw, unvalidated values by config key (flags, a file's JSON). */
export type ConfigValues = { readonly [K in ConfigKey]?: unknown };

export type ConfigOrigin =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'default' };

export interface ConfigFileLayer {
  /** As it should appear in messages, e.g. `feedbucket.config.json`. */
  path: string;
  /** The parsed JSON. Must be an object whose keys are config keys (plus an optional `$schema`). */
  values: unknown;
  /** Relative `source`/`out` in the file are resolved against this directory (the file's own). */
  dir?: string;
}

export interface ConfigLayers {
  /** Parsed CLI options (e.g. commander's `opts()`); keys that are not config keys are ignored. `undefined` means not given. */
  flags?: ConfigValues;
  /** Environment variables. An empty variable counts as not set. */
  env?: Readonly<Record<string, string | undefined>>;
  file?: ConfigFileLayer;
  /** Relative local `source`/`out` from flags, env and defaults are resolved against this directory. Without it they are kept as written. */
  cwd?: string;
}

export interface ConfigProblem {
  /** The config key (or, for an unknown key in the file, that key). */
  key: string;
  origin?: ConfigOrigin;
  message: string;
}

export type ConfigCheck =
  | { ok: true; config: SiteConfig; origins: Record<ConfigKey, ConfigOrigin> }
  | { ok: false; problems: ConfigProblem[] };

/** Validate the layers and report every problem as data (never throws). Pure. */
export function checkConfig(layers: ConfigLayers): ConfigCheck {
  const problems: ConfigProblem[] = [];
  const fileValues = layers.file ? readFileLayer(layers.file, problems) : {};
  if (problems.length > 0) return { ok: false, problems };

  const raw: Partial<Record<ConfigKey, unknown>> = {};
  const origins = {} as Record<ConfigKey, ConfigOrigin>;
  for (const key of CONFIG_KEY_NAMES) {
    const spec = CONFIG_KEYS[key];
    const flag = layers.flags?.[key];
    const env = layers.env?.[spec.env];
    if (flag !== undefined) {
      raw[key] = flag;
      origins[key] = { kind: 'flag', name: spec.flag };
    } else if (env !== undefined && env !== '') {
      raw[key] = env;
      origins[key] = { kind: 'env', name: spec.env };
    } else if (fileValues[key] !== undefined && layers.file) {
      raw[key] = fileValues[key];
      origins[key] = { kind: 'file', path: layers.file.path };
    } else {
      origins[key] = { kind: 'default' };
    }
  }

  const result = siteConfigSchema.safeParse(raw);
  if (!result.success) {
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '') as ConfigKey;
      if (seen.has(key)) continue; // one problem per key
      seen.add(key);
      problems.push(describeProblem(key, raw[key], origins[key], issue.message, layers.file?.path));
    }
    problems.sort((a, b) => keyOrder(a.key) - keyOrder(b.key));
    return { ok: false, problems };
  }

  const config: SiteConfig = { ...result.data };
  if (config.author === undefined) delete config.author;
  for (const key of ['source', 'out'] as const) {
    const origin = origins[key];
    const base = origin.kind === 'file' ? (layers.file?.dir ?? baseDirOf(layers.file?.path, layers.cwd)) : layers.cwd;
    config[key] = resolveLocation(config[key], base);
  }
  return { ok: true, config, origins };
}

/** `checkConfig`, throwing a `ConfigError` listing every problem (one per line). Pure. */
export function resolveConfig(layers: ConfigLayers): SiteConfig {
  const check = checkConfig(layers);
  if (!check.ok) throw new ConfigError(check.problems.map((problem) => problem.message).join('\n'));
  return check.config;
}

export function describeOrigin(origin: ConfigOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return origin.name;
    case 'env':
      return origin.name;
    case 'file':
      return origin.path;
    case 'default':
      return 'the default';
  }
}

function describeProblem(
  key: ConfigKey,
  value: unknown,
  origin: ConfigOrigin,
  message: string,
  filePath: string | undefined,
): ConfigProblem {
  const spec = CONFIG_KEYS[key];
  if (value === undefined) {
    return {
      key,
      origin,
      message: `${key} is required; set it with ${spec.flag}, ${spec.env} or "${key}" in ${filePath ?? DEFAULT_CONFIG_FILE}`,
    };
  }
  return { key, origin, message: `${key}: ${showValue(value)} from ${describeOrigin(origin)} ${message}` };
}

function showValue(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
}

function keyOrder(key: string): number {
  const index = CONFIG_KEY_NAMES.indexOf(key as ConfigKey);
  return index === -1 ? -1 : index;
}

function readFileLayer(file: ConfigFileLayer, problems: ConfigProblem[]): Partial<Record<ConfigKey, unknown>> {
  const origin: ConfigOrigin = { kind: 'file', path: file.path };
  if (typeof file.values !== 'object' || file.values === null || Array.isArray(file.values)) {
    problems.push({
      key: '',
      origin,
      message: `${file.path}: is not a JSON object; write { "siteUrl": "https://blog.example.com/", "title": "My Blog" }`,
    });
    return {};
  }
  const values: Partial<Record<ConfigKey, unknown>> = {};
  for (const [key, value] of Object.entries(file.values)) {
    if (key === '$schema') continue;
    if ((CONFIG_KEY_NAMES as string[]).includes(key)) {
      values[key as ConfigKey] = value;
      continue;
    }
    const hint = suggestKey(key);
    problems.push({
      key,
      origin,
      message: `${file.path}: unknown key "${key}"; ${hint ? `did you mean "${hint}"?` : `known keys are ${CONFIG_KEY_NAMES.join(', ')}`}`,
    });
  }
  return values;
}

function baseDirOf(filePath: string | undefined, cwd: string | undefined): string | undefined {
  if (filePath === undefined) return cwd;
  const dir = path.dirname(filePath);
  return cwd === undefined ? dir : path.resolve(cwd, dir);
}

function resolveLocation(value: string, base: string | undefined): string {
  if (value.startsWith('s3://') || base === undefined) return value;
  return path.isAbsolute(value) ? path.normalize(value) : path.join(base, value);
}

/** The config key a misspelt one most likely meant: `site_url`, `SITE_URL`, `siteURL` → `siteUrl`; `tilte` → `title`. */
export function suggestKey(key: string): ConfigKey | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const byEnv = CONFIG_KEY_NAMES.find((name) => CONFIG_KEYS[name].env === key || CONFIG_KEYS[name].flag === key);
  if (byEnv) return byEnv;
  const exact = CONFIG_KEY_NAMES.find((name) => squash(name) === squash(key));
  if (exact) return exact;
  return closest(key, CONFIG_KEY_NAMES);
}

/** The candidate within a small edit distance (case-insensitive), if any. */
function closest<T extends string>(word: string, candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

// ---------------------------------------------------------------------------------------------
// The file system: finding and parsing the config file.

export interface LoadConfigOptions {
  flags?: ConfigValues;
  env?: Readonly<Record<string, string | undefined>>;
  /** The working directory: where `feedbucket.config.json` is looked for and relative paths start. */
  cwd: string;
  /** `--config FILE`: must exist. Without it, `feedbucket.config.json` in `cwd` is used if present. */
  configPath?: string;
}

export async function loadConfig(options: LoadConfigOptions): Promise<SiteConfig> {
  const file = await readConfigFile(options.cwd, options.configPath);
  return resolveConfig({
    ...(options.flags ? { flags: options.flags } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(file ? { file } : {}),
    cwd: options.cwd,
  });
}

/** Read and parse the config file; `undefined` when no `--config` was given and there is no default file. */
export async function readConfigFile(cwd: string, configPath?: string): Promise<ConfigFileLayer | undefined> {
  const explicit = configPath !== undefined;
  const absolute = path.resolve(cwd, configPath ?? DEFAULT_CONFIG_FILE);
  const relative = path.relative(cwd, absolute);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return undefined;
    if (code === 'ENOENT') throw new ConfigError(`config file ${shown} not found; check the path given to --config`, { cause: error });
    if (code === 'EISDIR') throw new ConfigError(`config file ${shown} is a directory; give --config a JSON file`, { cause: error });
    throw new ConfigError(`config file ${shown} cannot be read (${code ?? String(error)})`, { cause: error });
  }
  return { path: shown, values: parseJsonFile(shown, text), dir: path.dirname(absolute) };
}

/** `JSON.parse` with an error that names the file and the line. */
export function parseJsonFile(shown: string, text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // An error at the end of the text belongs to its last non-blank line.
    const line = lineOf(body, Math.min(jsonErrorOffset(body, message), body.trimEnd().length));
    const reason = message
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/ \(line \d+ column \d+\)$/, '');
    throw new ConfigError(
      `${shown}:${line}: invalid JSON (${reason}); fix the syntax (double quotes, no trailing commas, no comments)`,
      { cause: error },
    );
  }
}

function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/end of JSON input/i.test(message)) return text.trimEnd().length;
  // V8 leaves the position out of some messages ("Unexpected token 'x', ... is not valid JSON"):
  // find the longest prefix that is still the start of a JSON text.
  const viable = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (e) {
      // Running out of text is reported as "end of JSON input" or as an error at the very end.
      const m = e instanceof Error ? e.message : '';
      const at = /at position (\d+)/.exec(m);
      return /end of JSON input/i.test(m) || (at !== null && Number(at[1]) >= n);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (viable(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text[i] === '\n') line++;
  return line;
}
