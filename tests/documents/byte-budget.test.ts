import { describe, expect, it } from 'vitest';
import { bytesOver, itemsWithin } from '../../src/documents/byte-budget.ts';

describe('itemsWithin', () => {
  // A document of 1,000 bytes: 400 of its own, then items of 300, 200 and 100 bytes, newest first.
  const ITEMS = [300, 200, 100];
  it.each([
    [1000, 3],
    [999, 2],
    [900, 2],
    [899, 1],
    [700, 1],
    [699, 0],
    [400, 0],
  ])('in %i bytes: the newest %i', (maxBytes, count) => {
    expect(itemsWithin(1000, ITEMS, maxBytes)).toBe(count);
  });

  it('never skips an item to fit a smaller, older one', () => {
    expect(itemsWithin(1000, [100, 500, 10], 600)).toBe(1);
  });
});

describe('bytesOver', () => {
  it.each([
    ['ascii under the budget', ['a'.repeat(10)], 10, undefined],
    ['ascii over it', ['a'.repeat(11)], 10, 11],
    ['counted in UTF-8 bytes, not characters', ['é'.repeat(6)], 10, 12],
    ['an astral character is 4 bytes', ['🎉🎉🎉'], 10, 12],
    ['within it in UTF-8', ['é'.repeat(5)], 10, undefined],
    ['pieces counted together', ['aaaa', 'é', 'aaaa'], 10, undefined],
    ['pieces over it together', ['aaaa', 'é', 'aaaaa'], 10, 11],
  ] as const)('%s', (_what, text, maxBytes, expected) => {
    expect(bytesOver(text, maxBytes)).toBe(expected);
  });
});
