/**
 * Permalink patterns: every token, read as each generator reads it, through `parsePost` with one
 * fixed post; Jekyll's named styles; and the configuration errors a mistyped pattern gets.
 */
import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../../src/config/resolve.ts';
import type { Generator, SiteConfig } from '../../src/model.ts';
import { parsePost } from '../../src/posts/parse-post.ts';
import { siteConfig } from './helpers.ts';

const SITE = 'https://blog.example.com';

/**
 * One post as a Jekyll or Hugo author writes it: two folders deep, a dated file name, a slug
 * that differs from the file name and from the title, two categories (one with a space), and a
 * date whose written day (the 9th, at -05:00) is not its UTC day (the 10th).
 */
const KEY = 'Field-Notes/Deep-Dive/2024-02-09-leap-year-bugs.md';
const TEXT = [
  '---',
  'layout: post',
  'title: "Leap Year Bugs, Explained!"',
  'date: 2024-02-09T23:30:00-05:00',
  'slug: Leap-Year-Bugs-2024',
  'categories: [Rust, Web Dev]',
  '---',
  'Every four years some code finds out that February has a 29th.',
  '',
  'This post collects the ones I have met, from cron jobs to certificate expiry checks.',
  '',
].join('\n');

function urlFor(pattern: string, generator: Generator, key = KEY, text = TEXT, overrides: Partial<SiteConfig> = {}): string {
  const outcome = parsePost(key, text, siteConfig({ generator, permalink: pattern, ...overrides }));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.post.url;
}

describe('permalink tokens, one fixed post', () => {
  // [generator, pattern, path expected under the site]
  const cases: [Generator, string, string][] = [
    // Dates: as the author wrote them (the 9th), not the UTC day (the 10th).
    ['jekyll', '/:year/', '/2024/'],
    ['jekyll', '/:month/', '/02/'],
    ['jekyll', '/:day/', '/09/'],
    ['jekyll', '/:i_month/', '/2/'],
    ['jekyll', '/:i_day/', '/9/'],
    ['jekyll', '/:short_year/', '/24/'],
    ['jekyll', '/:monthname/', '/February/'],
    ['jekyll', '/:long_month/', '/February/'],
    ['jekyll', '/:short_month/', '/Feb/'],
    ['jekyll', '/:y_day/', '/040/'],
    ['jekyll', '/:yearday/', '/40/'],
    ['hugo', '/:year/:month/:day/', '/2024/02/09/'],
    ['hugo', '/:yearday/', '/40/'],
    ['zola', '/:year/:month/:day/', '/2024/02/09/'],
    ['plain', '/:year/:i_month/:i_day/', '/2024/2/9/'],
    // Names. Jekyll: :slug is the slug, slugified and lower-cased; :title the slug in "pretty" mode, case kept.
    ['jekyll', '/:slug/', '/leap-year-bugs-2024/'],
    ['jekyll', '/:title/', '/Leap-Year-Bugs-2024/'],
    ['jekyll', '/:filename/', '/leap-year-bugs/'],
    ['jekyll', '/:name/', '/leap-year-bugs/'],
    ['jekyll', '/:slugorfilename/', '/Leap-Year-Bugs-2024/'],
    // Hugo: everything lower-cased; :title is the title made a path.
    ['hugo', '/:slug/', '/leap-year-bugs-2024/'],
    ['hugo', '/:title/', '/leap-year-bugs-explained/'],
    ['hugo', '/:filename/', '/leap-year-bugs/'],
    ['hugo', '/:slugorfilename/', '/leap-year-bugs-2024/'],
    // Zola slugifies the slug; a plain site takes it as written.
    ['zola', '/:slug/', '/leap-year-bugs-2024/'],
    ['plain', '/:slug/', '/Leap-Year-Bugs-2024/'],
    ['plain', '/:title/', '/Leap-Year-Bugs-Explained/'],
    ['plain', '/:filename/', '/leap-year-bugs/'],
    // Folders and categories.
    ['hugo', '/:section/:slug/', '/field-notes/leap-year-bugs-2024/'],
    ['hugo', '/:sections/:slug/', '/field-notes/deep-dive/leap-year-bugs-2024/'],
    ['zola', '/:sections/:slug/', '/Field-Notes/Deep-Dive/leap-year-bugs-2024/'],
    ['jekyll', '/:section/:slug/', '/Field-Notes/leap-year-bugs-2024/'],
    ['jekyll', '/:categories/:slug/', '/rust/web%20dev/leap-year-bugs-2024/'],
    // The extension.
    ['jekyll', '/:slug:output_ext', '/leap-year-bugs-2024.html'],
    ['jekyll', '/:year/:month/:day/:title:output_ext', '/2024/02/09/Leap-Year-Bugs-2024.html'],
    // Literal text around tokens; Hugo lower-cases it too.
    ['jekyll', '/Archive/:year-:month/:slug/', '/Archive/2024-02/leap-year-bugs-2024/'],
    ['hugo', '/Archive/:year-:month/:slug/', '/archive/2024-02/leap-year-bugs-2024/'],
  ];
  it.each(cases)('%s %s → %s', (generator, pattern, path) => {
    expect(urlFor(pattern, generator)).toBe(`${SITE}${path}`);
  });

  it('a token with nothing to fill leaves no empty path segment', () => {
    const text = '---\ntitle: Root post\ndate: 2024-02-09\n---\nText.\n';
    expect(urlFor('/:categories/:sections/:slug/', 'jekyll', '2024-02-09-root-post.md', text)).toBe(`${SITE}/root-post/`);
  });

  it('is relative to a site under a path', () => {
    expect(urlFor('/:year/:slug/', 'hugo', KEY, TEXT, { siteUrl: 'https://example.org/blog/' })).toBe(
      'https://example.org/blog/2024/leap-year-bugs-2024/',
    );
  });
});

describe(':y_day and :yearday across the year', () => {
  const cases: [string, string, string][] = [
    ['2024-01-01', '001', '1'],
    ['2024-03-01', '061', '61'],
    ['2024-12-31', '366', '366'],
    ['2023-12-31', '365', '365'],
    ['2023-03-01', '060', '60'],
  ];
  it.each(cases)('%s → %s / %s', (date, yDay, yearday) => {
    const text = `---\ntitle: Day\ndate: ${date}\n---\nText.\n`;
    expect(urlFor('/:y_day/:yearday/:slug/', 'jekyll', 'notes/day.md', text)).toBe(`${SITE}/${yDay}/${yearday}/day/`);
  });
});

describe('configured permalinks', () => {
  const required = { siteUrl: 'https://blog.example.com/', title: 'Example Blog' };
  const welcome = [
    '---',
    'layout: post',
    'title: "Welcome to Jekyll!"',
    'date: 2013-05-06 02:12:52 +0200',
    'categories: jekyll update',
    '---',
    'You’ll find this post in your `_posts` directory.',
    '',
  ].join('\n');

  // Jekyll's own names for its patterns, accepted as `permalink` values.
  const styles: [string, string, string][] = [
    ['date', '/:categories/:year/:month/:day/:title:output_ext', '/jekyll/update/2013/05/06/welcome-to-jekyll.html'],
    ['pretty', '/:categories/:year/:month/:day/:title/', '/jekyll/update/2013/05/06/welcome-to-jekyll/'],
    ['ordinal', '/:categories/:year/:y_day/:title:output_ext', '/jekyll/update/2013/126/welcome-to-jekyll.html'],
    ['none', '/:categories/:title:output_ext', '/jekyll/update/welcome-to-jekyll.html'],
  ];
  it.each(styles)('Jekyll style %s is %s', (style, pattern, path) => {
    const config = resolveConfig({ flags: { ...required, permalink: style } });
    expect(config.permalink).toBe(pattern);
    const outcome = parsePost('_posts/2013-05-06-welcome-to-jekyll.markdown', welcome, { ...config, generator: 'jekyll' });
    expect(outcome.ok && outcome.post.url).toBe(`${SITE}${path}`);
  });

  it('a style is read from the config file too', () => {
    const config = resolveConfig({ file: { path: 'feedbucket.config.json', values: { ...required, permalink: 'pretty' } } });
    expect(config.permalink).toBe('/:categories/:year/:month/:day/:title/');
  });

  function problem(permalink: unknown): string {
    const check = checkConfig({ flags: required, env: { PERMALINK: permalink as string } });
    if (check.ok) throw new Error(`permalink ${JSON.stringify(permalink)} was accepted as ${check.config.permalink}`);
    expect(check.problems).toHaveLength(1);
    return check.problems[0]!.message;
  }

  const typos: [string, string, string][] = [
    ['/:titel/', ':titel', ':title'],
    ['/:year/:slgu/', ':slgu', ':slug'],
    ['/:categories/:yaer/:title:output_ext', ':yaer', ':year'],
    ['/:sectoins/:slug/', ':sectoins', ':sections'],
    ['/:year/:monthnmae/:slug/', ':monthnmae', ':monthname'],
  ];
  it.each(typos)('%s: unknown token %s, suggests %s', (pattern, token, hint) => {
    const message = problem(pattern);
    expect(message).toContain(`permalink: "${pattern}" from PERMALINK`);
    expect(message).toContain(`unknown token ${token} (did you mean ${hint}?)`);
  });

  it('an unknown token nothing resembles gets the list of tokens, no guess', () => {
    const message = problem('/:author/:slug/');
    expect(message).toContain('unknown token :author;');
    expect(message).not.toContain('did you mean');
    expect(message).toContain(':slugorfilename');
  });

  it('a misspelt style is no style: the message names the styles', () => {
    const message = problem('prety');
    expect(message).toContain('does not start with a single /');
    expect(message).toContain('date, pretty, ordinal, none');
  });

  it('a pattern that names no post gives every post one URL: refused', () => {
    expect(problem('/:year/:month/')).toContain('has no :slug or :title');
  });

  it('every token of the table is accepted', () => {
    const all = '/:year/:month/:day/:i_month/:i_day/:short_year/:monthname/:long_month/:short_month/:y_day/:yearday/:slug/:title/:filename/:name/:slugorfilename/:section/:sections/:categories/x:output_ext';
    expect(resolveConfig({ flags: { ...required, permalink: all } }).permalink).toBe(all);
  });
});

describe('configured generator', () => {
  const required = { siteUrl: 'https://blog.example.com/', title: 'Example Blog' };

  it('defaults to auto', () => {
    expect(resolveConfig({ flags: required }).generator).toBe('auto');
  });

  it.each([
    ['jekyll', 'jekyll'],
    ['Hugo', 'hugo'],
    [' ZOLA ', 'zola'],
    ['plain', 'plain'],
  ])('%j is %s', (written, generator) => {
    expect(resolveConfig({ flags: required, env: { FEED_GENERATOR: written } }).generator).toBe(generator);
  });

  it('a misspelt generator suggests the closest', () => {
    const check = checkConfig({ flags: { ...required, generator: 'jekyl' } });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems[0]?.message).toContain('generator: "jekyl" from --generator is not a generator (did you mean jekyll?)');
      expect(check.problems[0]?.message).toContain('auto, hugo, jekyll, zola, plain');
    }
  });
});
