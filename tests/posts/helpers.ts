import { readFileSync } from 'node:fs';
import type { SiteConfig } from '../../src/model.ts';

/** A fresh site per call, so no test sees another's changes. */
export function siteConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  return {
    siteUrl: 'https://blog.example.com/',
    title: 'Example blog',
    description: '',
    language: 'en',
    source: 'content',
    out: 'public',
    limit: 20,
    permalink: '/:slug/',
    timezone: 'UTC',
    ...overrides,
  };
}

export function fixturePost(name: string): string {
  return readFileSync(new URL(`../fixtures/posts/${name}`, import.meta.url), 'utf8');
}

/** The shared real-world seed post, exactly as its author wrote it. */
export function seedPost(): string {
  return readFileSync(new URL('../../../shared/fixtures/xen-and-kvm-in-2017.md', import.meta.url), 'utf8');
}
