import { describe, expect, it } from 'vitest';
import { keyProblem } from '../../src/stores/keys.ts';

// Keys as listings hand them out → why each is refused (undefined: safe).
const KEYS: [string, string | undefined][] = [
  ['2024/post.md', undefined],
  ['a.md', undefined],
  ['.hidden/x.md', undefined],
  ['a/.b.md', undefined],
  ['a/..b/c.md', undefined],
  ['a/b..', undefined],
  ['line\nbreak.md', undefined],
  ['100%25.md', undefined],
  ['', 'it is empty'],
  ['/abs.md', 'it starts with "/"'],
  ['a//b.md', 'it has an empty path segment'],
  ['a/', 'it has an empty path segment'],
  ['..', 'it has a ".." path segment'],
  ['../x.md', 'it has a ".." path segment'],
  ['a/../x.md', 'it has a ".." path segment'],
  ['a/..', 'it has a ".." path segment'],
  ['./x.md', 'it has a "." path segment'],
  ['a/./x.md', 'it has a "." path segment'],
  ['a/%2e%2E/x.md', 'it has a "%2e%2E" path segment'],
  ['a/%2E/x.md', 'it has a "%2E" path segment'],
  ['a%2Fb.md', 'it has an encoded separator in "a%2Fb.md"'],
  ['a%5Cb.md', 'it has an encoded separator in "a%5Cb.md"'],
  ['a%00b.md', 'it has an encoded separator in "a%00b.md"'],
  ['a\\b.md', 'it contains a backslash'],
  ['a\0b.md', 'it contains a NUL character'],
];

describe('keyProblem', () => {
  it.each(KEYS)('%j → %j', (key, problem) => {
    expect(keyProblem(key)).toBe(problem);
  });
});
