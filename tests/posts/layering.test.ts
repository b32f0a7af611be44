import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const POSTS_DIR = new URL('../../src/posts/', import.meta.url);

function importsOf(file: string): string[] {
  const source = readFileSync(new URL(file, POSTS_DIR), 'utf8');
  return [...source.matchAll(/^import\b[^;]*?\bfrom '([^']+)'/gms)].map((match) => match[1] ?? '');
}

describe('src/posts', () => {
  it('parses posts without the document layer: the XML character rule comes from src/text', () => {
    expect(importsOf('parse-post.ts')).toContain('../text/xml-chars.ts');
    for (const file of readdirSync(POSTS_DIR).filter((name) => name.endsWith('.ts'))) {
      expect(importsOf(file).filter((path) => /\/(documents|feeds|pipeline|render)\//.test(path)), file).toEqual([]);
    }
  });
});
