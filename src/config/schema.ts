/**
 * The one schema for the configuration table, defaults included. Each refinement's
 * message is "<problem>; <fix>"; `describeProblem` (resolve.ts) prefixes the key, the value and
 * its origin.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import type { SiteConfig } from '../model.ts';
import { checkS3Location, isS3Location } from '../stores/s3-location.ts';
import { DEFAULT_MAX_BYTES, GENERATORS, MAX_LIMIT, MIN_MAX_BYTES, PERMALINK_STYLES, PERMALINK_TOKENS } from './keys.ts';
import { templateProblem } from '../templates/slots.ts';
import { closest } from './suggest.ts';
import { yesNo } from '../text/yes-no.ts';

// zod/mini has no messages of its own (every issue says "Invalid input"); a problem that is not
// one of ours (an unknown key under feeds, say) is told in zod's English, as classic zod does.
z.config(en());

const NOT_TEXT = 'is not text; use a string';

function text(fix: string) {
  return z.string({ error: `${NOT_TEXT}${fix ? `, ${fix}` : ''}` });
}

/**
 * A transform that may refuse its input. zod/mini's transform context has no `addIssue`, as
 * classic zod's had: `fail` records the same issue, and stands in for the value there is none of.
 */
function convert<I, O>(fn: (raw: I, fail: (problem: string) => never) => O) {
  return z.transform((raw: I, payload) =>
    fn(raw, (problem) => {
      payload.issues.push({ code: 'custom', message: problem, input: raw });
      return z.NEVER;
    }),
  );
}

const siteUrl = z.pipe(
  text('such as "https://blog.example.com/"'),
  convert((raw, fail) => {
    const value = raw.trim();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail('is not an absolute URL; set it to the site\'s address such as https://blog.example.com/');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail(`uses ${url.protocol}, not http(s); set it to the site's address such as https://blog.example.com/`);
    }
    if (url.search || url.hash || value.includes('?') || value.includes('#')) {
      return fail('has a query or fragment; use the bare site address such as https://blog.example.com/');
    }
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  }),
);

const title = text('such as "My Blog"').check(z.trim(), z.minLength(1, 'is empty; set it to the name of the site such as "My Blog"'));

const description = text('such as "Notes on things"').check(z.trim());

const LANGUAGE_SHAPE = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

function canonicalLanguage(tag: string): string | undefined {
  if (!LANGUAGE_SHAPE.test(tag)) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const language = z.pipe(
  text('such as "en"'),
  convert((raw, fail) => {
    const value = raw.trim();
    const canonical = canonicalLanguage(value);
    if (canonical) return canonical;
    const dashed = canonicalLanguage(value.replaceAll('_', '-'));
    return fail(
      dashed
        ? `is not a BCP 47 language tag; use ${dashed} (a hyphen, not an underscore)`
        : 'is not a BCP 47 language tag; use a code such as en, en-US or de-CH',
    );
  }),
);

const author = z.pipe(
  z.nullable(text('such as "Ada Lovelace"')),
  z.transform((raw) => raw?.trim() || undefined),
);

/** A directory (kept as written here; `checkConfig` resolves it) or `s3://bucket/prefix/` (normalised to end in `/`). */
function location(example: string) {
  return z.pipe(
    text(`such as "${example}"`),
    convert((raw, fail) => {
      const value = raw.trim();
      if (!value) return fail(`is empty; set it to a directory such as ${example} or to s3://bucket/prefix/`);
      if (isS3Location(value)) {
        const s3 = checkS3Location(value);
        if (!s3.ok) return fail(`is not a valid S3 location: ${s3.problem}`);
        return `s3://${s3.bucket}/${s3.prefix}`;
      }
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        return fail(`is neither a directory nor an s3:// location; use a directory such as ${example} or s3://bucket/prefix/`);
      }
      return value;
    }),
  );
}

const limitProblem = `is not a positive integer; set it to a whole number from 1 to ${MAX_LIMIT} such as 20`;

/** Flags and environment variables are strings: accept `"20"`, refuse `"20abc"`, `""`, `"1e3"`. */
const digits = z.transform((raw: unknown) => (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw));

const limit = z.pipe(
  digits,
  z.number({ error: limitProblem }).check(
    z.int({ error: limitProblem }),
    z.gte(1, { error: limitProblem }),
    z.lte(MAX_LIMIT, { error: `is more than ${MAX_LIMIT}; set it to a whole number from 1 to ${MAX_LIMIT} such as 20` }),
  ),
);

const maxBytesProblem = `is not a whole number of bytes; set it to at least ${MIN_MAX_BYTES} (16 KiB), such as ${DEFAULT_MAX_BYTES} (5 MiB)`;

const maxBytes = z.pipe(
  digits,
  z.number({ error: maxBytesProblem }).check(
    z.int({ error: maxBytesProblem }),
    z.gte(MIN_MAX_BYTES, { error: `is less than ${MIN_MAX_BYTES}, too little for a feed's own elements and a few items; set it to at least ${MIN_MAX_BYTES} (16 KiB), such as ${DEFAULT_MAX_BYTES} (5 MiB)` }),
  ),
);

/** Tokens that differ from post to post: a pattern without one gives every post the same URL. */
const NAMING_TOKENS = [':slug', ':title', ':filename', ':name', ':slugorfilename'];

const permalink = z.pipe(
  text('such as "/:slug/"'),
  convert((raw, fail) => {
    const value = raw.trim();
    const style = PERMALINK_STYLES[value as keyof typeof PERMALINK_STYLES];
    if (style !== undefined) return style;
    if (!value.startsWith('/') || value.startsWith('//')) {
      return fail(
        `does not start with a single /; use a site-relative pattern such as /:slug/ or /:year/:month/:slug/, or one of Jekyll's styles ${Object.keys(PERMALINK_STYLES).join(', ')}`,
      );
    }
    if (/[\s?#\\]/.test(value)) return fail('contains a space, ?, # or \\; use a path pattern such as /:slug/');
    const tokens = value.match(/:[A-Za-z_]+/g) ?? [];
    const unknown = tokens.find((token) => !(PERMALINK_TOKENS as readonly string[]).includes(token));
    if (unknown !== undefined) {
      const hint = closest(unknown, PERMALINK_TOKENS);
      return fail(`has unknown token ${unknown}${hint ? ` (did you mean ${hint}?)` : ''}; use only ${PERMALINK_TOKENS.join(' ')}`);
    }
    if (!tokens.some((token) => NAMING_TOKENS.includes(token))) {
      return fail('has no :slug or :title, so every post would get the same URL; add one, e.g. /:year/:slug/');
    }
    return value;
  }),
);

const generator = z.pipe(
  text(`such as "auto"`),
  convert((raw, fail) => {
    const value = raw.trim().toLowerCase();
    if ((GENERATORS as readonly string[]).includes(value)) return value as (typeof GENERATORS)[number];
    const hint = closest(value, GENERATORS);
    return fail(`is not a generator${hint ? ` (did you mean ${hint}?)` : ''}; use one of ${GENERATORS.join(', ')}`);
  }),
);

/** Files of a repository and a site's templates: never posts. */
export const DEFAULT_EXCLUDE = [
  '**/README.*', '**/LICENSE.*', '**/CHANGELOG.*', '**/CONTRIBUTING.*', '**/CODE_OF_CONDUCT.*', '**/SECURITY.*',
  'archetypes/**', 'layouts/**', 'themes/**', 'templates/**', '**/node_modules/**',
];

/** Flags and environment variables give a list as one comma-separated string. */
const commaSeparated = z.transform((raw: unknown) => (typeof raw === 'string' ? raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '') : raw));

const exclude = z.pipe(
  commaSeparated,
  z.array(
    z.string({ error: 'has an entry that is not text; write each glob as a string such as "drafts/**"' }).check(
      z.trim(),
      z.minLength(1, 'has an empty entry; remove it'),
      z.refine((glob) => !glob.startsWith('/') && !glob.split('/').includes('..'), {
        error: 'has a glob that leaves the source (a leading / or ..); write it relative to source, such as "notes/**"',
      }),
    ),
    { error: 'is not a list; write a list of globs such as ["README.md", "notes/**"] (a comma-separated string in flags and env)' },
  ),
);

const FEED_DEFAULT_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const;
const FEED_FORMAT_NAMES = Object.keys(FEED_DEFAULT_FILES) as (keyof typeof FEED_DEFAULT_FILES)[];

/** An output key pattern: relative, inside `out`, not the build state, with `:slug` where a term needs one. */
function feedPath(term: boolean) {
  const example = term ? 'tags/:slug/rss.xml' : 'index.xml';
  return text(`such as "${example}"`).check(
    z.superRefine((value, ctx) => {
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
    }),
  );
}

const feedPatterns = (file: string) =>
  z.prefault(
    z.strictObject({
      main: z._default(feedPath(false), file),
      tags: z._default(feedPath(true), `tags/:slug/${file}`),
      categories: z._default(feedPath(true), `categories/:slug/${file}`),
    }),
    {},
  );

/** A value that flags and environment variables give as JSON text, and config files as JSON. */
function jsonText<T extends z.ZodMiniType>(example: string, schema: T) {
  return z.pipe(
    convert((raw: unknown, fail) => {
      if (typeof raw !== 'string') return raw;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return fail(`is not JSON; write an object such as ${example}`);
      }
    }),
    schema,
  );
}

const feeds = jsonText(
  '{"rss":{"main":"index.xml"}}',
  z
    .strictObject(Object.fromEntries(FEED_FORMAT_NAMES.map((format) => [format, feedPatterns(FEED_DEFAULT_FILES[format])])) as Record<
      keyof typeof FEED_DEFAULT_FILES,
      ReturnType<typeof feedPatterns>
    >, { error: 'is not an object; write one such as {"rss":{"main":"index.xml","tags":"tags/:slug/index.xml"}}' })
    .check(
      z.superRefine((paths, ctx) => {
        const seen = new Map<string, string>();
        for (const format of FEED_FORMAT_NAMES) {
          for (const [scope, pattern] of Object.entries(paths[format])) {
            const other = seen.get(pattern);
            if (other !== undefined) ctx.addIssue(`gives ${other} and ${format}.${scope} the same file "${pattern}"; give each its own`);
            seen.set(pattern, `${format}.${scope}`);
          }
        }
      }),
    ),
);

const SHORTCODE_NAME = /^[A-Za-z_][\w.-]*$/;
const shortcodes = jsonText(
  '{"note":"<aside>{{inner}}</aside>"}',
  z.record(
    z.string().check(z.regex(SHORTCODE_NAME, { error: 'has a name that is no shortcode name; use letters, digits, _, . and -' })),
    text('such as "<aside>{{inner}}</aside>"').check(
      z.superRefine((template, ctx) => {
        const problem = templateProblem(template);
        if (problem) ctx.addIssue(`"${template}" ${problem}`);
      }),
    ),
    { error: 'is not an object; write one such as {"note":"<aside>{{inner}}</aside>"}' },
  ),
);

const HUB_EXAMPLE = 'https://pubsubhubbub.appspot.com/';

const hubUrl = z.pipe(
  z.string({ error: `has an entry that is not text; write each hub as a URL string such as "${HUB_EXAMPLE}"` }),
  convert((raw, fail) => {
    const value = raw.trim();
    if (!URL.canParse(value)) return fail(`has "${value}", which is not an absolute URL; write the hub's address such as ${HUB_EXAMPLE}`);
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return fail(`has "${value}", which uses ${url.protocol}, not http(s); write the hub's address such as ${HUB_EXAMPLE}`);
    }
    // Every feed names its hubs to every reader, and fetch refuses such a URL.
    if (url.username !== '' || url.password !== '') {
      return fail(`has a user name or password in "${url.host}"; every feed shows its hubs to every reader, so write the hub's address without them`);
    }
    return url.href;
  }),
);

const switchProblem = 'is not on or off; write true or false (in flags and env: on or off)';

/** A switch: a boolean in the file, a word in flags and env. */
const onOff = z.pipe(
  z.union([z.boolean(), z.string()], { error: switchProblem }),
  convert((raw: boolean | string, fail) => {
    const value = typeof raw === 'boolean' ? raw : yesNo(raw);
    return value ?? fail(switchProblem);
  }),
);

/** One hub as a string, several as a list (or comma-separated in flags and env); none at all is no hub. */
const hub = z.pipe(
  commaSeparated,
  z.pipe(
    z.array(hubUrl, { error: `is not a URL or a list of URLs; write one such as "${HUB_EXAMPLE}" or a list of them` }),
    z.transform((urls) => (urls.length === 0 ? undefined : [...new Set(urls)])),
  ),
);

let zones: Map<string, string> | undefined;

/**
 * An IANA zone's own spelling, looked up among the zones ICU lists: listing them costs ~1.6 ms,
 * where the first `Intl.DateTimeFormat` costs ~14 ms (it loads the zone data), paid by every run
 * that reads the config, even one that finds nothing changed and parses no date. Aliases
 * (`US/Eastern`, `Etc/UTC`) are not listed.
 */
function listedZone(value: string): string | undefined {
  if (value.toLowerCase() === 'utc') return 'UTC';
  zones ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  return zones.get(value.toLowerCase());
}

const timezone = z.pipe(
  text('such as "Europe/Berlin"'),
  convert((raw, fail) => {
    const value = raw.trim();
    const listed = listedZone(value);
    if (listed !== undefined) return listed;
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
      // Fix the case (`europe/berlin`), but keep a valid alias as written (`US/Eastern`).
      return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
    } catch {
      return fail('is not an IANA time zone; use a name such as UTC, Europe/Berlin or America/New_York');
    }
  }),
);

export const siteConfigSchema = z.object({
  siteUrl,
  title,
  description: z._default(description, ''),
  language: z._default(language, 'en'),
  author: z.optional(author),
  source: z._default(location('content'), 'content'),
  out: z._default(location('public'), 'public'),
  limit: z._default(limit, 20),
  maxBytes: z._default(maxBytes, DEFAULT_MAX_BYTES),
  generator: z._default(generator, 'auto'),
  permalink: z.optional(permalink),
  timezone: z._default(timezone, 'UTC'),
  exclude: z._default(exclude, DEFAULT_EXCLUDE),
  feeds: z.prefault(feeds, {}),
  shortcodes: z._default(shortcodes, {}),
  hub: z.optional(hub),
  browserView: z._default(onOff, true),
  archives: z._default(onOff, true),
}) satisfies z.ZodMiniType<SiteConfig>; // keeps the schema and the shared model in step
