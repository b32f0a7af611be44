/**
 * The four layers and their resolution. Precedence per key: CLI flag > environment variable >
 * config file > default. Pure: the Lambda handler calls `resolveConfig({ env: process.env })`.
 * Every invalid value is reported with its key, where it came from, the value and the fix.
 */
import path from 'node:path';
import { ConfigError } from '../errors.ts';
import type { SiteConfig } from '../model.ts';
import { isS3Location } from '../stores/s3-location.ts';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, DEFAULT_CONFIG_FILE, type ConfigKey } from './keys.ts';
import { siteConfigSchema } from './schema.ts';
import { suggestKey } from './suggest.ts';

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
  if (config.permalink === undefined) delete config.permalink;
  if (config.hub === undefined) delete config.hub;
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

function describeOrigin(origin: ConfigOrigin): string {
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
  if (isS3Location(value) || base === undefined) return value;
  return path.isAbsolute(value) ? path.normalize(value) : path.join(base, value);
}
