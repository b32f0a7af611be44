import { describe, expect, it } from 'vitest';
import { MAX_POST_BYTES, decodePost, firstInvalidUtf8, oversizeError } from '../../src/posts/decode.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from './helpers.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

describe('decodePost', () => {
  it('decodes UTF-8 and drops the BOM', () => {
    const bytes = concat([0xef, 0xbb, 0xbf], utf8('---\ntitle: Café ☕ 🚀\n---\n'));
    expect(decodePost('a.md', bytes)).toEqual({ ok: true, text: '---\ntitle: Café ☕ 🚀\n---\n' });
  });

  it('feeds parsePost end to end', () => {
    const decoded = decodePost('a.md', utf8('---\ntitle: Über\ndate: 2020-01-01\n---\nText'));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const outcome = parsePost('a.md', decoded.text, siteConfig());
    expect(outcome.ok && outcome.post.title).toBe('Über');
  });

  it('refuses a Latin-1 file, naming the byte, its line and the fix', () => {
    const bytes = concat(utf8('---\ntitle: Caf'), [0xe9], utf8('\n---\n'));
    expect(decodePost('posts/cafe.md', bytes)).toEqual({
      ok: false,
      error: {
        key: 'posts/cafe.md',
        line: 2,
        message:
          'posts/cafe.md:2: is not valid UTF-8 (byte 0xE9 at offset 14); re-save the file as UTF-8 (it is probably Latin-1 or Windows-1252)',
      },
    });
  });

  it('refuses a binary file', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const outcome = decodePost('posts/photo.md', png);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.message).toBe(
      'posts/photo.md: is a binary file (NUL byte at offset 8), not Markdown text; move it out of the posts folder or give it another extension than .md',
    );
  });

  it('names UTF-16 rather than calling it binary', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x2d, 0x00, 0x2d, 0x00, 0x2d, 0x00]);
    const outcome = decodePost('a.md', utf16);
    expect(outcome.ok ? '' : outcome.error.message).toBe('a.md: is saved as UTF-16; save it as UTF-8');
  });

  it('refuses more than MAX_POST_BYTES without decoding', () => {
    const outcome = decodePost('big.md', new Uint8Array(MAX_POST_BYTES + 1));
    expect(outcome).toEqual({ ok: false, error: oversizeError('big.md', MAX_POST_BYTES + 1) });
  });
});

describe('oversizeError', () => {
  it('lets the pipeline refuse a 50 MB file from its listed size', () => {
    expect(oversizeError('posts/video.md', 50 * 1024 * 1024)).toEqual({
      key: 'posts/video.md',
      message:
        'posts/video.md: is 50.0 MiB, larger than the 4.0 MiB a post may be; move large media out of the posts folder or split the post',
    });
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['valid multi-byte text', utf8('aé€😀'), 10],
    ['a stray continuation byte', Uint8Array.from([0x61, 0x80]), 1],
    ['an overlong encoding', Uint8Array.from([0x61, 0xc0, 0xaf]), 1],
    ['an encoded surrogate', Uint8Array.from([0xed, 0xa0, 0x80]), 0],
    ['a sequence cut short', Uint8Array.from([0x61, 0x62, 0xe2, 0x82]), 2],
    ['a code point above U+10FFFF', Uint8Array.from([0xf4, 0x90, 0x80, 0x80]), 0],
  ])('%s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(bytes)).toBe(offset);
  });
});
