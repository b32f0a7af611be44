import { siteConfigSchema } from '../../src/config/schema.ts';
import type { SiteConfig } from '../../src/model.ts';

/** A fresh, valid site per call, so no test sees another's changes. */
export function siteConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  const { exclude, feeds, shortcodes } = siteConfigSchema.parse({ siteUrl: 'https://blog.example.com/', title: 'Example blog' });
  return {
    generator: 'auto',
    exclude,
    feeds,
    shortcodes,
    siteUrl: 'https://blog.example.com/',
    title: 'Example blog',
    description: '',
    language: 'en',
    source: 'content',
    out: 'public',
    limit: 20,
    maxBytes: 5242880,
    // The product's default is on; most suites are about the feeds, and list exactly the files they expect.
    browserView: false,
    // Likewise on in the product: the archive suites turn it on.
    archives: false,
    permalink: '/:slug/',
    timezone: 'UTC',
    ...overrides,
  };
}
