import { createHash } from 'node:crypto';

/**
 * As S3 reports a single-part object's ETag: what stored bytes are compared by. Of bytes given in
 * parts (strings as UTF-8), so a file kept in pieces is hashed without joining them.
 */
export function md5(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
