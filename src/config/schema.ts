/**
 * The one schema for the configuration table, defaults included. Each refinement's
 * message is "<problem>; <fix>"; `describeProblem` (resolve.ts) prefixes the key, the value and
 * its origin.
 */
import { z } from 'zod';
import type { SiteConfig } from '../model.ts';
import { checkS3Location, isS3Location } from '../stores/s3-location.ts';
import { MAX_LIMIT, PERMALINK_TOKENS } from './keys.ts';
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
