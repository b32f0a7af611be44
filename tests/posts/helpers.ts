import { readFileSync } from 'node:fs';
export { siteConfig } from '../support/site-config.ts';

export function fixturePost(name: string): string {
  return readFileSync(new URL(`../fixtures/posts/${name}`, import.meta.url), 'utf8');
}

/** The shared real-world seed post, exactly as its author wrote it. */
export function seedPost(): string {
  return readFileSync(new URL('../fixtures/real/xen-and-kvm-in-2017.md', import.meta.url), 'utf8');
}
