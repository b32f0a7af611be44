/**
 * `--help` and `--version` must stay instant: nothing the CLI imports statically may pull in
 * the build pipeline or its heavy dependencies; `runBuild` is imported dynamically by the build command.
 * A build's own start-up counts too: the schemas it loads use zod/mini, a fraction of classic zod.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HEAVY = [/^markdown-it/, /^feed$/, /^@aws-sdk\//, /^gray-matter$/, /^smol-toml$/, /^yaml$/, /^luxon$/];

/** Static runtime imports (`import type` is erased; `import()` is lazy), followed through relative files. */
async function staticGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = await readFile(file, 'utf8');
    const pattern = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const [, specifier] of source.matchAll(pattern)) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        if (target.endsWith('.ts')) pending.push(target);
      } else {
        packages.add(specifier);
      }
    }
  }
  return { files: [...files].map((f) => path.relative(root, f)).sort(), packages: [...packages].sort() };
}

describe('the CLI loads the pipeline lazily', () => {
  it('main.ts statically reaches only the CLI, the config keys and the shared types (the schema, zod/mini, loads with the build command)', async () => {
    const graph = await staticGraph(path.join(root, 'src/cli/main.ts'));
    expect(graph.files).toEqual([
      'src/cli/format.ts',
      'src/cli/main.ts',
      'src/cli/outcome.ts',
      'src/cli/progress.ts',
      'src/cli/writable-out.ts',
      'src/config/keys.ts',
      'src/errors.ts',
      'src/stores/keys.ts',
      'src/stores/s3-location.ts',
    ]);
    for (const pkg of graph.packages) {
      expect(HEAVY.some((pattern) => pattern.test(pkg)), pkg).toBe(false);
    }
    expect(graph.packages.filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
  });

  it('main.ts imports the build pipeline with a dynamic import', async () => {
    const source = await readFile(path.join(root, 'src/cli/main.ts'), 'utf8');
    expect(source).toContain("await import('../pipeline/build.ts')");
  });
});

describe('a run the manifest head answers', () => {
  it('loads no post parser, renderer, document writer or slug transliteration: build.ts reaches them only through dynamic imports', async () => {
    const graph = await staticGraph(path.join(root, 'src/pipeline/build.ts'));
    for (const pkg of graph.packages) expect(HEAVY.some((pattern) => pattern.test(pkg)), pkg).toBe(false);
    expect(graph.packages).not.toContain('@sindresorhus/slugify');
    expect(graph.files).not.toContain('src/feeds/feed-scopes.ts');
  });
});

describe('the schemas load quickly', () => {
  it('they use zod/mini: classic zod cost every build ~30 ms of module loading', async () => {
    for (const dir of ['src', 'handler']) {
      for (const file of await readdir(path.join(root, dir), { recursive: true })) {
        if (!file.endsWith('.ts')) continue;
        const source = await readFile(path.join(root, dir, file), 'utf8');
        expect(source, `${dir}/${file}`).not.toMatch(/\sfrom\s+['"]zod(?:\/v4)?['"]/);
      }
    }
  });
});
