import { UnsafeKeyError } from '../errors.ts';
import type { StoreEntry } from './store.ts';

/**
 * Checks that an object key stays inside its store's prefix and returns it unchanged.
 * Keys are data, never paths: `..` or `.` segments (also percent-encoded), a leading `/`,
 * a backslash, a NUL or an empty segment are refused rather than normalised, so no key can
 * name a file outside the prefix or two keys the same file.
 */
export function checkKey(key: string): string {
  const problem = keyProblem(key);
  if (problem) throw new UnsafeKeyError(`unsafe key ${JSON.stringify(key)}: ${problem}`, key);
  return key;
}

export function isSafeKey(key: string): boolean {
  return keyProblem(key) === undefined;
}

/** A key with none of what `keyProblem` looks for: most keys, told apart without splitting and decoding them. */
const PLAIN_KEY = /^(?!\/)(?!.*\/\/)(?!.*\/$)(?!(?:.*\/)?\.\.?(?:\/|$))[^\0\\%]+$/s;

/** Why `key` is not a safe key (`it contains a backslash`), or undefined when it is one. */
export function keyProblem(key: string): string | undefined {
  if (PLAIN_KEY.test(key)) return undefined;
  if (key.length === 0) return 'it is empty';
  if (key.includes('\0')) return 'it contains a NUL character';
  if (key.includes('\\')) return 'it contains a backslash';
  if (key.startsWith('/')) return 'it starts with "/"';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty path segment';
    const decoded = safeDecode(segment);
    if (decoded === '.' || decoded === '..') return `it has a "${segment}" path segment`;
    if (decoded.includes('/') || decoded.includes('\\') || decoded.includes('\0')) {
      return `it has an encoded separator in "${segment}"`;
    }
  }
  return undefined;
}

/**
 * A listed object whose key no store may hand out: reported rather than dropped, so an author
 * learns why a post is missing. Its key must never be passed to `get`.
 */
export function refusedEntry(key: string, size: number, problem: string): StoreEntry {
  return { key, etag: '', size, problem: `its name is refused as unsafe (${problem}); rename it` };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
