import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { createLocalStore, type LocalStoreOptions } from './local.ts';
import { createS3Store } from './s3.ts';
import { isS3Location, parseS3Location } from './s3-location.ts';
import type { Store } from './store.ts';

/**
 * `s3://bucket/prefix/` → an S3 store (the SDK loads on first request); anything else is a local
 * directory, resolved against the current directory now.
 */
export async function openStore(location: string, options: LocalStoreOptions = {}): Promise<Store> {
  if (location.trim() === '') throw new ConfigError('empty store location: give a directory or s3://bucket/prefix/');
  if (isS3Location(location)) {
    const { bucket, prefix } = parseS3Location(location);
    return createS3Store({ bucket, prefix });
  }
  if (/^file:/i.test(location)) return createLocalStore(fileURLToPath(location), options);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(location);
  if (scheme) {
    throw new ConfigError(
      `unsupported store location ${JSON.stringify(location)}: use a directory or s3://bucket/prefix/ (not ${scheme[1]}://)`,
    );
  }
  return createLocalStore(location, options);
}
