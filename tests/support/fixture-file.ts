import { readFileSync } from 'node:fs';

export interface FixtureCase {
  title: string;
  input: string;
  expected: string;
  /** 1-based line of the title, to find a failing case in the file. */
  line: number;
}

/**
 * Cases written as in markdown-it's fixture files: a title line, a line holding only `.`, the
 * input lines, `.`, the expected lines, `.`; blank lines between cases. Input and expected keep
 * their inner line breaks and have no trailing one.
 */
export function readFixtureCases(path: string): FixtureCase[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  let at = 0;
  const block = (): string => {
    const start = at;
    while (at < lines.length && lines[at] !== '.') at++;
    if (at === lines.length) throw new Error(`${path}:${start}: no "." line closes this block`);
    return lines.slice(start, at++).join('\n');
  };
  const cases: FixtureCase[] = [];
  while (at < lines.length) {
    if (lines[at]!.trim() === '') {
      at++;
      continue;
    }
    const line = at + 1;
    const title = block();
    cases.push({ title, input: block(), expected: block(), line });
  }
  return cases;
}
