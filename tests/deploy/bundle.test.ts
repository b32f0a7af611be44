/**
 * The esbuild bundle as Lambda loads it: `index.mjs` imported by file URL from a folder with no
 * node_modules anywhere above it. (A full build against the S3 test server is in the handler's
 * integration tests, which use the same helper.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaBundleCopy, removeLambdaBundles } from '../support/bundle.ts';

let entry: string;

beforeAll(async () => {
  entry = await lambdaBundleCopy();
}, 120_000);

afterAll(() => removeLambdaBundles());

const context = { awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 60_000 };

describe('the Lambda bundle', () => {
  it('is one ESM entry plus lazily loaded chunks, all .mjs', async () => {
    const files = (await readdir(dirname(entry), { recursive: true, withFileTypes: true }))
      .filter((file) => file.isFile())
      .map((file) => join(file.parentPath, file.name));
    expect(files).toContain(entry);
    for (const file of files) expect(file).toMatch(/\.mjs$/);
  });

  it('every chunk links and loads from there: nothing it imports is missing', async () => {
    // scripts/build.mjs already refuses to leave anything but Node built-ins external; this
    // proves it at run time: a static import of a package that is not in the folder fails to link.
    const chunks = (await readdir(join(dirname(entry), 'chunks'))).filter((name) => name.endsWith('.mjs'));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      await expect(import(pathToFileURL(join(dirname(entry), 'chunks', chunk)).href)).resolves.toBeDefined();
    }
  });

  it('leaves out the CSS parser sanitize-html would load: no style attribute is parsed', async () => {
    const chunks = (await readdir(join(dirname(entry), 'chunks'))).filter((name) => name.endsWith('.mjs'));
    const texts = await Promise.all([entry, ...chunks.map((chunk) => join(dirname(entry), 'chunks', chunk))].map((file) => readFile(file, 'utf8')));
    expect(texts.some((text) => text.includes('sanitize-html'))).toBe(true);
    // postcss's own error class, and the source-map library it pulls in.
    expect(texts.filter((text) => text.includes('CssSyntaxError') || text.includes('sourceContentFor'))).toEqual([]);
  });

  it('exports handler(event, context), loaded as Lambda loads it (ESM, by file URL, no node_modules)', async () => {
    const bundle = (await import(pathToFileURL(entry).href)) as { handler?: unknown };
    expect(typeof bundle.handler).toBe('function');
  });

  it('rejects an event it does not know, before any configuration or S3 access', async () => {
    const { handler } = (await import(pathToFileURL(entry).href)) as {
      handler: (event: unknown, ctx: typeof context) => Promise<unknown>;
    };
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(handler({ foo: 1 }, context)).rejects.toThrow(/event/i);
    } finally {
      log.mockRestore();
    }
  });
});
