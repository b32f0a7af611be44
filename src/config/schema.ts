/**
 * The one schema for the configuration table, defaults included. Each refinement's
 * message is "<problem>; <fix>"; `describeProblem` (resolve.ts) prefixes the key, the value and
 * its origin.
 */
import { z } from 'zod';
import type { SiteConfig } from '../model.ts';
import { checkS3Location, isS3Location } from '../stores/s3-location.ts';
import { GENERATORS, MAX_LIMIT, PERMALINK_STYLES, PERMALINK_TOKENS } from './keys.ts';
import { templateProblem } from '../templates/slots.ts';
import { closest } from './suggest.ts';

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

/** A directory (kept as written here; `checkConfig` resolves it) or `s3://bucket/prefix/` (normalised to end in `/`). */
function location(example: string) {
  return text(`such as "${example}"`).transform((raw, ctx) => {
    const value = raw.trim();
    if (!value) {
      ctx.addIssue(`is empty; set it to a directory such as ${example} or to s3://bucket/prefix/`);
      return z.NEVER;
    }
    if (isS3Location(value)) {
      const s3 = checkS3Location(value);
      if (!s3.ok) {
        ctx.addIssue(`is not a valid S3 location: ${s3.problem}`);
        return z.NEVER;
      }
      return `s3://${s3.bucket}/${s3.prefix}`;
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

/** Tokens that differ from post to post: a pattern without one gives every post the same URL. */
const NAMING_TOKENS = [':slug', ':title', ':filename', ':name', ':slugorfilename'];

const permalink = text('such as "/:slug/"').transform((raw, ctx) => {
  const value = raw.trim();
  const style = PERMALINK_STYLES[value as keyof typeof PERMALINK_STYLES];
  if (style !== undefined) return style;
  if (!value.startsWith('/') || value.startsWith('//')) {
    ctx.addIssue(
      `does not start with a single /; use a site-relative pattern such as /:slug/ or /:year/:month/:slug/, or one of Jekyll's styles ${Object.keys(PERMALINK_STYLES).join(', ')}`,
    );
    return z.NEVER;
  }
  if (/[\s?#\\]/.test(value)) {
    ctx.addIssue('contains a space, ?, # or \\; use a path pattern such as /:slug/');
    return z.NEVER;
  }
  const tokens = value.match(/:[A-Za-z_]+/g) ?? [];
  const unknown = tokens.find((token) => !(PERMALINK_TOKENS as readonly string[]).includes(token));
  if (unknown !== undefined) {
    const hint = closest(unknown, PERMALINK_TOKENS);
    ctx.addIssue(`has unknown token ${unknown}${hint ? ` (did you mean ${hint}?)` : ''}; use only ${PERMALINK_TOKENS.join(' ')}`);
    return z.NEVER;
  }
  if (!tokens.some((token) => NAMING_TOKENS.includes(token))) {
    ctx.addIssue('has no :slug or :title, so every post would get the same URL; add one, e.g. /:year/:slug/');
    return z.NEVER;
  }
  return value;
});

const generator = text(`such as "auto"`).transform((raw, ctx) => {
  const value = raw.trim().toLowerCase();
  if ((GENERATORS as readonly string[]).includes(value)) return value as (typeof GENERATORS)[number];
  const hint = closest(value, GENERATORS);
  ctx.addIssue(`is not a generator${hint ? ` (did you mean ${hint}?)` : ''}; use one of ${GENERATORS.join(', ')}`);
  return z.NEVER;
});

/** Files of a repository and a site's templates: never posts. */
export const DEFAULT_EXCLUDE = [
  '**/README.*', '**/LICENSE.*', '**/CHANGELOG.*', '**/CONTRIBUTING.*', '**/CODE_OF_CONDUCT.*', '**/SECURITY.*',
  'archetypes/**', 'layouts/**', 'themes/**', 'templates/**', '**/node_modules/**',
];

/** Flags and environment variables give a list as one comma-separated string. */
const exclude = z.preprocess(
  (raw) => (typeof raw === 'string' ? raw.split(',').map((glob) => glob.trim()).filter((glob) => glob !== '') : raw),
  z.array(
    z
      .string({ error: 'has an entry that is not text; write each glob as a string such as "drafts/**"' })
      .trim()
      .min(1, 'has an empty entry; remove it')
      .refine((glob) => !glob.startsWith('/') && !glob.split('/').includes('..'), {
        error: 'has a glob that leaves the source (a leading / or ..); write it relative to source, such as "notes/**"',
      }),
    { error: 'is not a list; write a list of globs such as ["README.md", "notes/**"] (a comma-separated string in flags and env)' },
  ),
);

const FEED_DEFAULT_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;
const FEED_FORMAT_NAMES = Object.keys(FEED_DEFAULT_FILES) as (keyof typeof FEED_DEFAULT_FILES)[];

/** An output key pattern: relative, inside `out`, not the build state, with `:slug` where a term needs one. */
function feedPath(term: boolean) {
  const example = term ? 'tags/:slug/rss.xml' : 'index.xml';
  return text(`such as "${example}"`).superRefine((value, ctx) => {
    const segments = value.split('/');
    if (value.startsWith('/') || segments.some((segment) => segment === '' || segment === '.' || segment === '..') || value.includes('\\')) {
      ctx.addIssue(`"${value}" is not a file path inside out; write one such as ${example}`);
    } else if (segments[0] === '.feedbucket') {
      ctx.addIssue(`"${value}" is inside .feedbucket/, where the build keeps its state; choose another folder`);
    } else if (term !== value.includes(':slug')) {
      ctx.addIssue(term ? `"${value}" has no :slug, so every term would share one file; write one such as ${example}` : `"${value}" has :slug, which only term feeds have; write a file name such as ${example}`);
    } else if (/:(?!slug)[A-Za-z_]/.test(value)) {
      ctx.addIssue(`"${value}" has a token other than :slug; only :slug is replaced`);
    }
  });
}

const feedPatterns = (file: string) =>
  z
    .object({
      main: feedPath(false).default(file),
      tags: feedPath(true).default(`tags/:slug/${file}`),
      categories: feedPath(true).default(`categories/:slug/${file}`),
    })
    .strict()
    .prefault({});

/** A value that flags and environment variables give as JSON text, and config files as JSON. */
function jsonText<T extends z.ZodType>(example: string, schema: T) {
  return z.preprocess((raw, ctx) => {
    if (typeof raw !== 'string') return raw;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not JSON; write an object such as ${example}`, input: raw });
      return z.NEVER;
    }
  }, schema);
}

const feeds = jsonText(
  '{"rss":{"main":"index.xml"}}',
  z
    .object(Object.fromEntries(FEED_FORMAT_NAMES.map((format) => [format, feedPatterns(FEED_DEFAULT_FILES[format])])) as Record<
      keyof typeof FEED_DEFAULT_FILES,
      ReturnType<typeof feedPatterns>
    >, { error: 'is not an object; write one such as {"rss":{"main":"index.xml","tags":"tags/:slug/index.xml"}}' })
    .strict()
    .superRefine((paths, ctx) => {
      const seen = new Map<string, string>();
      for (const format of FEED_FORMAT_NAMES) {
        for (const [scope, pattern] of Object.entries(paths[format])) {
          const other = seen.get(pattern);
          if (other !== undefined) ctx.addIssue(`gives ${other} and ${format}.${scope} the same file "${pattern}"; give each its own`);
          seen.set(pattern, `${format}.${scope}`);
        }
      }
    }),
);

const SHORTCODE_NAME = /^[A-Za-z_][\w.-]*$/;
const shortcodes = jsonText(
  '{"note":"<aside>{{inner}}</aside>"}',
  z.record(
    z.string().regex(SHORTCODE_NAME, { error: 'has a name that is no shortcode name; use letters, digits, _, . and -' }),
    text('such as "<aside>{{inner}}</aside>"').superRefine((template, ctx) => {
      const problem = templateProblem(template);
      if (problem) ctx.addIssue(`"${template}" ${problem}`);
    }),
    { error: 'is not an object; write one such as {"note":"<aside>{{inner}}</aside>"}' },
  ),
);

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

export const siteConfigSchema = z.object({
  siteUrl,
  title,
  description: description.default(''),
  language: language.default('en'),
  author: author.optional(),
  source: location('content').default('content'),
  out: location('public').default('public'),
  limit: limit.default(20),
  generator: generator.default('auto'),
  permalink: permalink.optional(),
  timezone: timezone.default('UTC'),
  exclude: exclude.default(DEFAULT_EXCLUDE),
  feeds: feeds.prefault({}),
  shortcodes: shortcodes.default({}),
}) satisfies z.ZodType<SiteConfig>; // keeps the schema and the shared model in step
