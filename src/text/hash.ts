import { createHash } from 'node:crypto';

/** As S3 reports a single-part object's ETag: what stored bytes are compared by. */
export function md5(bytes: string | Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
