/**
 * The records line is checked record by record unless the head's keyed digest vouches for it:
 * then it is exactly what a run holding the salt wrote, and it is taken as written.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest, serializeManifest, type Manifest } from '../../src/pipeline/manifest.ts';
import { recordsDigest } from '../../src/pipeline/manifest-seal.ts';

const SETTINGS = 'settings';
const record = {
  etag: '"e"',
  post: {
    key: 'a.md', title: 'A', date: '2026-01-01T00:00:00.000Z', updated: '2026-01-01T00:00:00.000Z', draft: false, slug: 'a',
    url: 'https://example.com/a/', id: 'https://example.com/a/', tags: [], categories: [], authors: [],
  },
  warnings: [],
};
const manifest: Manifest = { version: 2, settings: SETTINGS, outputs: {}, posts: { 'a.md': record } };

/** The stored text with its records line changed as `edit` says, the head left as it was. */
function editRecords(text: string, edit: (records: string) => string): string {
  const [head, records] = text.trimEnd().split('\n');
  return `${head}\n${edit(records!)}\n`;
}

describe('the records line', () => {
  it('is taken as written when the digest made with the salt vouches for it', () => {
    const text = serializeManifest(manifest, 'salt');
    const loaded = loadManifest({ text, tag: 't' }, SETTINGS, 'salt');
    expect(loaded.problem).toBeUndefined();
    expect(loaded.manifest.posts['a.md']).toEqual(record);
  });

  it('is checked record by record once it differs from what the digest vouches for', () => {
    const text = editRecords(serializeManifest(manifest, 'salt'), (records) => records.replace('"title":"A"', '"title":7'));
    const loaded = loadManifest({ text, tag: 't' }, SETTINGS, 'salt');
    expect(loaded.problem).toMatch(/damaged.*posts\["a\.md"\]\.post\.title/);
  });

  it('is checked when the digest vouches for another release: its records may have another shape under the same manifest version', () => {
    const broken = { ...manifest, posts: { 'a.md': { ...record, post: { ...record.post, url: 'not a url' } } } };
    const [head, records] = serializeManifest(broken, 'salt').trimEnd().split('\n');
    const other = { ...JSON.parse(head!), records: recordsDigest(records!, 'salt', '2/0.0.1') };
    const text = `${JSON.stringify(other)}\n${records}\n`;
    expect(loadManifest({ text, tag: 't' }, SETTINGS, 'salt').problem).toMatch(/damaged.*url/);
  });

  it('is checked when the digest was made with another salt', () => {
    const broken = { ...manifest, posts: { 'a.md': { ...record, post: { ...record.post, url: 'not a url' } } } };
    const text = serializeManifest(broken, 'other salt');
    expect(loadManifest({ text, tag: 't' }, SETTINGS, 'salt').problem).toMatch(/damaged.*url/);
    // The same bytes under the salt that made them: vouched for, so not checked again.
    expect(loadManifest({ text, tag: 't' }, SETTINGS, 'other salt').problem).toBeUndefined();
  });
});
