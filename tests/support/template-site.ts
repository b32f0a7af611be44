import type { Generator } from '../../src/model.ts';
import type { RenderSite } from '../../src/render/render-post.ts';
import { linkIndex } from '../../src/templates/internal-links.ts';
import { siteShortcode } from '../../src/templates/site-shortcodes.ts';

export const SITE_URL = 'https://example.com/blog/';

/** The post every template fixture is rendered as. */
export const THIS_POST = {
  key: 'content/posts/this-post.md',
  url: `${SITE_URL}posts/this-post/`,
  title: 'This post',
  bodyLine: 5,
  params: { canonical_url: 'https://ada.example/why-histograms/', notes: { compose: 'Use Compose v2.' } },
};

/** The values of the fixture site's config file (`_config.yml`, `hugo.toml`, `zola.toml`). */
export const SITE_DATA: Readonly<Record<string, unknown>> = {
  repository: 'https://github.com/example/site',
  params: { author: 'Ada', grpc_vers: { core: 'v1.62.0' } },
  extra: { mastodon: 'https://social.example/@ada' },
};

/** The other posts of the fixture site, as the index knows them: key → permalink. */
export const SITE_POSTS: Readonly<Record<string, string>> = {
  [THIS_POST.key]: THIS_POST.url,
  '_posts/2026-04-21-erb-cve.md': `${SITE_URL}2026/04/21/erb-cve.html`,
  'en/news/_posts/2026-04-21-erb-cve-2026-41316.md': `${SITE_URL}en/news/2026/04/21/erb-cve-2026-41316/`,
  'content/posts/other-post.md': `${SITE_URL}posts/other-post/`,
  'content/posts/trip/index.md': `${SITE_URL}posts/trip/`,
  'content/blog/zola-post.md': `${SITE_URL}blog/zola-post/`,
};

/** The `shortcodes` setting of the fixture site. */
export const SITE_SHORTCODES: Readonly<Record<string, string>> = {
  callout: '<aside title="{{type}}">{{inner | markdownify}}</aside>',
};

export function templateSite(generator: Generator, posts: Readonly<Record<string, string>> = SITE_POSTS): RenderSite {
  return {
    siteUrl: SITE_URL,
    title: 'Example & Co',
    description: 'Notes',
    generator,
    data: SITE_DATA,
    author: 'Ada',
    shortcodes: new Map(Object.entries(SITE_SHORTCODES).map(([name, template]) => [name, siteShortcode(template)])),
    links: linkIndex(Object.entries(posts).map(([key, url]) => ({ key, url })), { siteUrl: SITE_URL, generator }),
  };
}
