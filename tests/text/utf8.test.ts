import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../src/text/utf8.ts';

describe('utf8Bytes', () => {
  it.each([
    ['no pieces', []],
    ['empty pieces', ['', '', '']],
    ['ASCII', ['<rss>', '\n', '</rss>\n']],
    ['Latin-1 beside a piece that is not', ['café ', '“quoted” ', 'naïve']],
    ['astral characters and CJK', ['🎉', ' 日本語 ', '𝄞']],
    ['a CR and a C1 control character', ['a\r\n', '\u0085b']],
    ['only characters of three bytes', ['日本', '語', '\uffff']],
    ['a lone surrogate', ['a\ud800b']],
  ] as const)('%s: the UTF-8 of the joined text', (_what, pieces) => {
    expect(utf8Bytes(pieces).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });
});
