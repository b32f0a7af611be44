import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.ts';
import { openStore } from '../../src/stores/open-store.ts';

describe('openStore', () => {
  it('opens s3:// locations as S3 stores without touching the network', async () => {
    const store = await openStore('s3://bucket/posts');
    expect(store.location).toBe('s3://bucket/posts/');
    expect(store.requests).toEqual({ list: 0, get: 0, put: 0, delete: 0 });
  });

  it('rejects malformed S3 URLs and other schemes with a message that shows the expected form', async () => {
    await expect(openStore('s3://')).rejects.toThrow(/s3:\/\/bucket\/prefix\//);
    await expect(openStore('gs://bucket/posts')).rejects.toThrow(/use a directory or s3:\/\/bucket\/prefix\/ \(not gs:\/\/\)/);
    await expect(openStore('https://example.com/posts')).rejects.toThrow(ConfigError);
    await expect(openStore('')).rejects.toThrow(ConfigError);
  });

  it('opens anything else as a local directory resolved against the current directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'feedbucket-open-'));
    try {
      const store = await openStore(relative(process.cwd(), dir));
      expect(store.location).toBe(`${relative(process.cwd(), dir)}/`);
      await store.put('a/b.md', 'hi', 'text/markdown');
      expect(await readFile(join(dir, 'a', 'b.md'), 'utf8')).toBe('hi');

      const byUrl = await openStore(pathToFileURL(dir).href);
      expect((await byUrl.list()).map((e) => e.key)).toEqual(['a/b.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
