/**
 * Template syntax through the whole engine, on the fixture blogs with one template-heavy post
 * each (tests/fixtures/template-posts/): no feed item carries template syntax outside code,
 * internal links point at the linked posts' URLs as the feeds publish them, warnings come once
 * per change of a post, and a post is rendered again when a post it links to moves.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import type { ReadItem } from '../support/feed-checks.ts';
import { filesUnder, formats, NOW, readFeedSet, siteConfig } from './helpers.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const config: SiteConfig = siteConfig({ permalink: undefined, generator: 'auto' });

/** Template syntax left in HTML outside `<pre>` and `<code>`: what a reader would show raw. */
function templateSyntaxOutsideCode(html: string): string[] {
  const prose = html.replace(/<pre[\s>][\s\S]*?<\/pre>/g, '').replace(/<code[\s>][\s\S]*?<\/code>/g, '');
  return prose.match(/\{\{|\{%|%\}|\}\}|"@\//g) ?? [];
}

async function build(files: Record<string, string>, out: MemoryStore) {
  const summary = await runBuild({ config, now: NOW, stores: { source: createMemoryStore(files), out } });
  return { summary, main: await readFeedSet(out) };
}

/** Each blog's tour post: the posts it links, a tag it cannot run, and what it prints from the site's config file. */
const SITES = [
  {
    generator: 'hugo', tour: "A tour of the harbour's shortcodes", linked: ['Lisbon by tram', 'Migrating the old server'], unknown: '{{< note >}}',
    printed: 'says Jane Doe.', siteFile: 'hugo.toml', edit: ["author = 'Jane Doe'", "author = 'Jo Roe'"], reprinted: 'says Jo Roe.',
  },
  {
    generator: 'jekyll', tour: 'Liquid in a post', linked: ['Notes for the new year', 'My First Post'], unknown: '{% if %}',
    printed: 'Find me as @tinkerer.', siteFile: '_config.yml', edit: ['twitter_username: tinkerer', 'twitter_username: rubyist'], reprinted: 'Find me as @rubyist.',
  },
  {
    generator: 'zola', tour: 'Shortcodes on the water', linked: ['Night sail', 'First light'], unknown: '{% quote() %}',
    printed: 'for Lighthouse Log.', siteFile: 'zola.toml', edit: ['title = "Lighthouse Log"', 'title = "Harbour Log"'], reprinted: 'for Harbour Log.',
  },
] as const;

describe.each(SITES)('a $generator blog with a template-heavy post', ({ generator, tour, linked, unknown, printed, siteFile, edit, reprinted }) => {
  const files = () => ({ ...filesUnder(join(FIXTURES, 'blogs', generator)), ...filesUnder(join(FIXTURES, 'template-posts', generator)) });

  it('publishes every item without template syntax outside code, its internal links resolved', async () => {
    const { summary, main } = await build(files(), createMemoryStore());
    expect(summary.generator).toBe(generator);
    expect(summary.errors).toEqual([]);
    for (const [format, items] of formats(main)) {
      for (const item of items) expect(templateSyntaxOutsideCode(item.html), `${format} ${item.title}`).toEqual([]);
      const tourItem = items.find((item) => item.title === tour) as ReadItem;
      for (const title of linked) {
        const target = items.find((item) => item.title.startsWith(title));
        expect(target, `${format} has ${title}`).toBeDefined();
        expect(tourItem.html, `${format} links ${title}`).toContain(`href="${target?.url}`);
      }
    }
    expect(summary.warnings.map((w) => w.warning).filter((w) => w.includes(unknown))).toHaveLength(1);
    expect(main.json.find((item) => item.title === tour)?.html).toContain(printed);
  });

  it("renders again when the site's config file changes the values posts print", async () => {
    const out = createMemoryStore();
    const source = files();
    await build(source, out);
    const [from, to] = edit;
    const { main } = await build({ ...source, [siteFile]: (source[siteFile] as string).replace(from, to) }, out);
    expect(main.json.find((item) => item.title === tour)?.html).toContain(reprinted);
  });

  it('warns once per change of the post, not on every run', async () => {
    const out = createMemoryStore();
    const source = files();
    await build(source, out);
    const again = await build(source, out);
    expect(again.summary.warnings.filter((w) => w.warning.includes(unknown))).toEqual([]);
    const tourKey = Object.keys(source).find((key) => source[key]?.includes(tour)) as string;
    const edited = await build({ ...source, [tourKey]: `${source[tourKey]}\nOne more line.\n` }, out);
    expect(edited.summary.warnings.filter((w) => w.warning.includes(unknown))).toHaveLength(1);
  });
});

describe('a post whose linked post moves', () => {
  it('is rendered again with the new URL, though its own file did not change', async () => {
    const source = {
      ...filesUnder(join(FIXTURES, 'blogs', 'hugo')),
      ...filesUnder(join(FIXTURES, 'template-posts', 'hugo')),
    };
    const out = createMemoryStore();
    await build(source, out);
    const key = 'content/posts/old-server-migration.md';
    const moved = { ...source, [key]: (source[key] as string).replace('url: /2019/11/migrating-the-old-server/', 'url: /ops/server-move/') };
    const { main } = await build(moved, out);
    const tourItem = main.json.find((item) => item.title === "A tour of the harbour's shortcodes") as ReadItem;
    expect(tourItem.html).toContain('href="https://blog.example.com/ops/server-move/#cron"');
    expect(tourItem.html).not.toContain('migrating-the-old-server');
  });
});
