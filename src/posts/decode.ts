import type { Diagnostic } from '../model.ts';
import { postDiagnostic } from './diagnostic.ts';

/** Posts larger than this are refused from their listed size, before any byte is read. */
export const MAX_POST_BYTES = 4 * 1024 * 1024;

export type DecodeOutcome = { ok: true; text: string } | { ok: false; error: Diagnostic };

// One decoder for every post: with `fatal` it is stateless between non-streaming calls, and its
// default `ignoreBOM: false` drops a leading BOM for us.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function oversizeError(key: string, size: number): Diagnostic {
  return postDiagnostic(
    key,
    undefined,
    `is ${formatMiB(size)}, larger than the ${formatMiB(MAX_POST_BYTES)} a post may be; ` +
      'move large media out of the posts folder or split the post',
  );
}

/** Bytes of a post file → its text, refusing anything that is not UTF-8 Markdown. */
export function decodePost(key: string, bytes: Uint8Array): DecodeOutcome {
  if (bytes.length > MAX_POST_BYTES) return { ok: false, error: oversizeError(key, bytes.length) };
  const refusal = utf16Refusal(key, bytes) ?? binaryRefusal(key, bytes);
  if (refusal) return { ok: false, error: refusal };
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, error: notUtf8Error(key, bytes) };
  }
}

// UTF-16 text is full of NUL bytes; name the encoding instead of calling it binary.
function utf16Refusal(key: string, bytes: Uint8Array): Diagnostic | undefined {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const isUtf16 = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  if (!isUtf16) return undefined;
  return postDiagnostic(key, undefined, 'is saved as UTF-16; save it as UTF-8');
}

function binaryRefusal(key: string, bytes: Uint8Array): Diagnostic | undefined {
  const nul = bytes.indexOf(0);
  if (nul === -1) return undefined;
  // Binary files have no meaningful lines, so none is given.
  return postDiagnostic(
    key,
    undefined,
    `is a binary file (NUL byte at offset ${nul}), not Markdown text; ` +
      'move it out of the posts folder or give it another extension than .md',
  );
}

function notUtf8Error(key: string, bytes: Uint8Array): Diagnostic {
  const offset = firstInvalidUtf8(bytes);
  const byte = bytes[offset] ?? 0;
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return postDiagnostic(
    key,
    lineAt(bytes, offset),
    `is not valid UTF-8 (byte 0x${hex} at offset ${offset}); ` +
      're-save the file as UTF-8 (it is probably Latin-1 or Windows-1252)',
  );
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Offset of the first byte that breaks UTF-8 (Unicode table 3-7: no overlongs, no surrogates,
 * nothing above U+10FFFF). Only run once the fast decoder has already refused the bytes.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] ?? 0;
  if (b0 < 0x80) return 1;
  const [length, low, high] = leadByteRule(b0);
  if (length === 0) return 0;
  for (let k = 1; k < length; k++) {
    const b = bytes[i + k];
    const min = k === 1 ? low : 0x80;
    const max = k === 1 ? high : 0xbf;
    if (b === undefined || b < min || b > max) return 0;
  }
  return length;
}

/** Sequence length and the allowed range of the second byte for a lead byte; 0 when invalid. */
function leadByteRule(b0: number): [length: number, low: number, high: number] {
  if (b0 >= 0xc2 && b0 <= 0xdf) return [2, 0x80, 0xbf];
  if (b0 === 0xe0) return [3, 0xa0, 0xbf];
  if (b0 === 0xed) return [3, 0x80, 0x9f];
  if (b0 >= 0xe1 && b0 <= 0xef) return [3, 0x80, 0xbf];
  if (b0 === 0xf0) return [4, 0x90, 0xbf];
  if (b0 >= 0xf1 && b0 <= 0xf3) return [4, 0x80, 0xbf];
  if (b0 === 0xf4) return [4, 0x80, 0x8f];
  return [0, 0, 0];
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
