/**
 * Hiding what the manifest must not tell (it lies under `out`, which may be served): a keyed
 * hash for a name, authenticated encryption for a record, both from the one secret salt.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/** Separate keys for separate uses, all from the one salt. */
function derive(salt: string, use: 'name' | 'seal' | 'nonce' | 'records', ...text: string[]): Buffer {
  // The keyed hash of `use`, a NUL and the text, given in parts and not joined first: the records' text is megabytes.
  const hmac = createHmac('sha256', salt).update(use).update('\0');
  for (const part of text) hmac.update(part);
  return hmac.digest();
}

export function hiddenKey(key: string, salt: string): string {
  return `#${derive(salt, 'name', key).toString('hex').slice(0, 32)}`;
}

/**
 * Vouches for the records line as `writer` (the manifest format and the release that wrote it)
 * wrote it: only a holder of the salt makes one that matches, and another release's records,
 * whose shape may differ under the same manifest version, are checked again.
 */
export function recordsDigest(records: string, salt: string, writer: string): string {
  return derive(salt, 'records', writer, '\0', records).toString('base64url');
}

const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The nonce comes from the text (a synthetic IV): the same record seals to the same bytes, different ones never share a nonce. */
export function seal(text: string, salt: string): string {
  const nonce = derive(salt, 'nonce', text).subarray(0, NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, derive(salt, 'seal'), nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64url');
}

/** Undefined when sealed with another salt, or damaged. */
export function unseal(sealed: string, salt: string): string | undefined {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(CIPHER, derive(salt, 'seal'), bytes.subarray(0, NONCE_BYTES));
    decipher.setAuthTag(bytes.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** `value` as JSON, sealed as a hidden record is: only a holder of the salt reads it. */
export function sealJson(value: unknown, salt: string): string {
  return seal(JSON.stringify(value), salt);
}

/** What `sealJson` sealed, or undefined when it was sealed with another salt or damaged. */
export function openJson(sealed: string, salt: string): unknown {
  const text = unseal(sealed, salt);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
