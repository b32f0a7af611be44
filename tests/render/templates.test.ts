/**
 * Template syntax as each generator writes it → the HTML readers get: one fixture file per
 * generator (plus code and safety), in markdown-it's fixture format, rendered as one post of a
 * small site whose posts and `shortcodes` setting are in tests/support/template-site.ts.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Generator } from '../../src/model.ts';
import { renderPost } from '../../src/render/render-post.ts';
import { readFixtureCases } from '../support/fixture-file.ts';
import { templateSite, THIS_POST } from '../support/template-site.ts';

const DIR = fileURLToPath(new URL('../fixtures/templates/', import.meta.url));
const GENERATORS: Readonly<Record<string, Generator>> = { 'jekyll.txt': 'jekyll', 'hugo.txt': 'hugo', 'zola.txt': 'zola' };

for (const file of readdirSync(DIR).filter((name) => name.endsWith('.txt')).sort()) {
  describe(file, () => {
    const site = templateSite(GENERATORS[file] ?? 'plain');
    for (const fixture of readFixtureCases(DIR + file)) {
      it(`${fixture.title} (line ${fixture.line})`, () => {
        expect(renderPost(fixture.input, THIS_POST, site).rendered.html.replace(/\n$/, '')).toBe(fixture.expected);
      });
    }
  });
}
