#!/usr/bin/env node
/**
 * Bundles the Lambda entry point (handler/index.ts) into dist/lambda/: one ESM entry,
 * `index.mjs` (the function's handler is `dist/lambda/index.handler`), plus the chunks that the
 * engine's dynamic imports load lazily (the S3 SDK, markdown-it, the feed builders, …). Every
 * dependency is bundled, so the folder runs with no node_modules; Node built-ins stay external.
 * With `--cli`, the CLI (src/cli/main.ts) the same way into dist/cli/ (`index.mjs`), which
 * bin/feedbucket.js runs: no TypeScript compiled at start-up, one file to load instead of hundreds.
 *
 *   node scripts/build.mjs [--cli] [--outdir DIR] [--quiet]
 *
 * The output is deterministic (same sources → same bytes, chunk names are content hashes, no
 * absolute paths, no timestamps) and the directory is replaced as a whole, so no stale chunk
 * survives a rebuild.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    cli: { type: 'boolean', default: false },
    outdir: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
/** The Lambda runtime is nodejs22.x; the CLI runs wherever the package's engines allow. */
const TARGETS = {
  lambda: { entry: 'handler/index.ts', outdir: join(root, 'dist', 'lambda'), node: 'node22' },
  cli: { entry: 'src/cli/main.ts', outdir: join(root, 'dist', 'cli'), node: 'node20' },
};
const target = TARGETS[args.cli ? 'cli' : 'lambda'];
const outdir = resolve(args.outdir ?? target.outdir);

// CommonJS dependencies bundled into ESM call `require('fs')` etc.; esbuild's shim needs a real
// `require` in scope for that. Each chunk is its own module, so each gets this banner.
const banner = [
  "import { createRequire as __feedbucketCreateRequire } from 'node:module';",
  'const require = __feedbucketCreateRequire(import.meta.url);',
].join('\n');

/**
 * sanitize-html requires postcss (with source-map-js) at load time, only to parse `style`
 * attributes, which safe-html.ts never allows and tells it not to parse: every process that
 * renders a post paid for loading a CSS parser it cannot call. The bundles get a stand-in.
 */
const withoutCssParser = {
  name: 'without-css-parser',
  setup(build) {
    build.onResolve({ filter: /^postcss$/ }, ({ importer }) =>
      importer.includes(`${sep}sanitize-html${sep}`) ? { path: 'postcss', namespace: 'without-css-parser' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'without-css-parser' }, () => ({
      contents: "module.exports = { parse() { throw new Error('style attributes are not parsed (parseStyleAttributes: false)'); } };",
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { index: target.entry },
  bundle: true,
  platform: 'node',
  target: target.node,
  format: 'esm',
  // ESM builds of dual packages (the AWS SDK ships both): better tree shaking, no CJS interop.
  mainFields: ['module', 'main'],
  splitting: true,
  outdir, // only used to name files: nothing is written by esbuild (write: false)
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
  minify: true,
  legalComments: 'eof',
  sourcemap: false,
  metafile: true,
  plugins: [withoutCssParser],
  write: false,
  logLevel: 'warning',
}).catch(() => {
  // esbuild has already printed the errors with their locations
  console.error(`build failed: ${relative(root, outdir)} was not written`);
  process.exit(1);
});

// Lambda has no node_modules: anything left external (an unresolvable `require` in a try/catch,
// say) would only fail there, at run time. Only Node built-ins may stay outside the bundle.
const external = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external: isExternal } of output.imports) if (isExternal && !isBuiltin(path)) external.add(path);
}
if (external.size > 0) {
  console.error(`build failed: not bundled, and not a Node built-in: ${[...external].sort().join(', ')}`);
  process.exit(1);
}

// Write into a sibling staging directory, then swap it in: a reader never sees a half-written
// bundle, and chunks of a previous build never linger.
const staging = `${outdir}.tmp-${process.pid}`;
await rm(staging, { recursive: true, force: true });
const files = [...result.outputFiles].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
for (const file of files) {
  const target = join(staging, relative(outdir, file.path));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.contents);
}
await rm(outdir, { recursive: true, force: true });
await mkdir(dirname(outdir), { recursive: true });
await rename(staging, outdir);

if (!args.quiet) {
  const kib = (bytes) => `${(bytes / 1024).toFixed(1).padStart(8)} KiB`;
  let total = 0;
  let totalGzip = 0;
  const rows = files.map((file) => {
    const gzip = gzipSync(file.contents, { level: 9 }).length;
    total += file.contents.length;
    totalGzip += gzip;
    return `  ${kib(file.contents.length)}  ${kib(gzip)} gz  ${relative(outdir, file.path).split(sep).join('/')}`;
  });
  const shown = relative(root, outdir);
  console.log(`bundle: ${shown.startsWith('..') ? outdir : shown} (${files.length} files)`);
  for (const row of rows) console.log(row);
  console.log(`  ${kib(total)}  ${kib(totalGzip)} gz  total`);
}
