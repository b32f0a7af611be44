/**
 * What an `s3://bucket/prefix/` location is: the one rule for the config, the stores and the
 * Lambda handler. The CLI loads this for `--help`, so it must not import the AWS SDK or any
 * other package.
 */
import { ConfigError } from '../errors.ts';
import { isSafeKey } from './keys.ts';

export interface S3Location {
  bucket: string;
  /** `''` (the whole bucket) or ends in `/`. */
  prefix: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const USAGE = 'expected s3://bucket/prefix/ (or s3://bucket/ for the whole bucket)';

/** Meant as S3 (the `s3:` scheme, in any case), whether or not the rest is valid. */
export function isS3Location(location: string): boolean {
  return /^s3:/i.test(location);
}

/** Splits `s3://bucket/some/prefix` into bucket and normalised prefix, or says what is wrong with it. */
export function checkS3Location(location: string): ({ ok: true } & S3Location) | { ok: false; problem: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/is.exec(location);
  if (!match) return { ok: false, problem: USAGE };
  const bucket = match[1] ?? '';
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    return {
      ok: false,
      problem: `bucket ${JSON.stringify(bucket)} is not a bucket name (3-63 lowercase letters, digits, dots and hyphens); ${USAGE}`,
    };
  }
  const rawPrefix = match[2] ?? '';
  const prefix = normalisePrefix(rawPrefix);
  if (prefix === undefined) return { ok: false, problem: prefixProblem(rawPrefix) };
  return { ok: true, bucket, prefix };
}

/** `checkS3Location`, throwing a `ConfigError` that names the location. */
export function parseS3Location(location: string): S3Location {
  const check = checkS3Location(location);
  if (!check.ok) throw new ConfigError(`invalid S3 location ${JSON.stringify(location)}: ${check.problem}`);
  return { bucket: check.bucket, prefix: check.prefix };
}

/** `posts` → `posts/`, `''` → `''`; refuses a prefix that is not a safe key path. */
export function normaliseS3Prefix(prefix: string): string {
  const normalised = normalisePrefix(prefix);
  if (normalised === undefined) throw new ConfigError(prefixProblem(prefix));
  return normalised;
}

function normalisePrefix(prefix: string): string | undefined {
  const bare = prefix.replace(/\/+$/, '');
  if (bare === '') return '';
  return isSafeKey(bare) ? `${bare}/` : undefined;
}

function prefixProblem(prefix: string): string {
  return (
    `invalid S3 prefix ${JSON.stringify(prefix)}: use segments separated by single "/", ` +
    'without "." or ".." segments, a leading "/", backslashes or NUL'
  );
}
