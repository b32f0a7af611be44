import { createHash } from 'node:crypto';

/** As S3 reports a single-part object's ETag: what stored bytes are compared by. Pieces are hashed as the text they join to. */
export function md5(bytes: string | Uint8Array | readonly string[]): string {
  const hash = createHash('md5');
  for (const piece of typeof bytes === 'string' || bytes instanceof Uint8Array ? [bytes] : bytes) hash.update(piece);
  return hash.digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
