import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { createLocalStore } from './local.ts';
import { createS3Store, normaliseS3Prefix } from './s3.ts';
import type { Store } from './store.ts';

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * `s3://bucket/prefix/` → an S3 store (the SDK loads on first request); anything else is a local
 * directory, resolved against the current directory now.
 */
export async function openStore(location: string): Promise<Store> {
  if (location.trim() === '') throw new ConfigError('empty store location: give a directory or s3://bucket/prefix/');
  if (/^s3:/i.test(location)) {
    const { bucket, prefix } = parseS3Location(location);
    return createS3Store({ bucket, prefix });
  }
  if (/^file:/i.test(location)) return createLocalStore(fileURLToPath(location));
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  if (scheme) {
    throw new ConfigError(
      `unsupported store location ${JSON.stringify(location)}: use a directory or s3://bucket/prefix/ (not ${scheme[1]}://)`,
    );
  }
  return createLocalStore(location);
}

/** Splits `s3://bucket/some/prefix/` into bucket and a prefix that is `''` or ends in `/`. */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/is.exec(location);
  const usage = 'expected s3://bucket/prefix/ (or s3://bucket/ for the whole bucket)';
  if (!match) throw new ConfigError(`invalid S3 location ${JSON.stringify(location)}: ${usage}`);
  const bucket = match[1] ?? '';
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new ConfigError(
      `invalid S3 location ${JSON.stringify(location)}: bucket ${JSON.stringify(bucket)} is not a bucket name ` +
        `(3-63 lowercase letters, digits, dots and hyphens); ${usage}`,
    );
  }
  try {
    return { bucket, prefix: normaliseS3Prefix(match[2] ?? '') };
  } catch (error) {
    throw new ConfigError(`invalid S3 location ${JSON.stringify(location)}: ${(error as Error).message}`);
  }
}
