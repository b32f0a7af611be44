import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5 } from '../../src/text/hash.ts';

const md5Of = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('md5', () => {
  it.each([
    ['no pieces', []],
    ['one piece', ['<rss/>\n']],
    ['ASCII pieces', ['<rss>', '\n', '</rss>\n']],
    ['Latin-1 beside a piece that is not', ['café ', '“quoted” ', 'naïve']],
    ['astral characters and CJK', ['🎉', ' 日本語 ', '𝄞']],
  ] as const)('%s: the MD5 of the joined text as UTF-8, as S3 reports it', (_what, pieces) => {
    expect(md5(pieces)).toBe(md5Of(Buffer.from(pieces.join(''), 'utf8')));
  });

  it('hashes a string as UTF-8 and bytes as they are', () => {
    expect(md5(['“x”'])).toBe(md5Of(Buffer.from('“x”')));
    expect(md5([Buffer.from([0, 255, 1])])).toBe(md5Of(Buffer.from([0, 255, 1])));
  });
});
