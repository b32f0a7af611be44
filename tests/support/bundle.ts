/**
 * The Lambda bundle, as Lambda gets it: `scripts/build.mjs` output in a folder of its own, with no
 * `node_modules` in it or in any folder above it, so an import of a package that esbuild did not
 * bundle fails here as it would on Lambda instead of quietly resolving from the repository.
 *
 *   const entry = await lambdaBundleCopy();                        // …/feedbucket-lambda-XXXX/index.mjs
 *   const { handler } = await import(pathToFileURL(entry).href);   // what the nodejs22.x runtime does
 *
 * The bundle is built once per test worker (into a temp directory, never into `dist/`, so tests
 * do not race with `npm run build` or with each other); each call returns a fresh copy, so each
 * import gets fresh module state (the S3 client cache, for instance). Copies are removed by
 * `removeLambdaBundles()` (call it in `afterAll`) or, at the latest, when the process exits.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdtemp, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'build.mjs');
/** The entry file inside a bundle folder (the function's handler is `index.handler`). */
export const BUNDLE_ENTRY = 'index.mjs';

const created = new Set<string>();
let exitHookInstalled = false;
let built: Promise<string> | undefined;

function track(dir: string): string {
  created.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', removeLambdaBundles);
  }
  return dir;
}

/** A new empty directory under the OS temp dir, checked to have no `node_modules` above it. */
async function freshDir(label: string): Promise<string> {
  const dir = track(await realpath(await mkdtemp(join(tmpdir(), `feedbucket-${label}-`))));
  for (let up = dirname(dir); ; up = dirname(up)) {
    if (existsSync(join(up, 'node_modules'))) {
      throw new Error(
        `${join(up, 'node_modules')} exists above the temp dir ${dir}: a bundled import could resolve from it, ` +
          'so the bundle would not be tested as Lambda runs it. Set TMPDIR to a directory without node_modules above it.',
      );
    }
    if (dirname(up) === up) break;
  }
  return dir;
}

/** Runs `node scripts/build.mjs --outdir <dir>` once per process; resolves to that directory. */
export function buildLambdaBundle(): Promise<string> {
  built ??= (async () => {
    const outdir = join(await freshDir('lambda-build'), 'lambda');
    try {
      await run(process.execPath, [BUILD_SCRIPT, '--outdir', outdir, '--quiet'], {
        cwd: REPO_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`scripts/build.mjs failed:\n${stderr || stdout || (error as Error).message}`, { cause: error });
    }
    return outdir;
  })();
  built.catch(() => {
    built = undefined;
  });
  return built;
}

/**
 * Builds the bundle (once) and copies it to a fresh temp folder with no node_modules anywhere
 * above it. Returns the absolute path of the copy's `index.mjs`.
 */
export async function lambdaBundleCopy(): Promise<string> {
  const source = await buildLambdaBundle();
  const dir = await freshDir('lambda');
  await cp(source, dir, { recursive: true });
  return join(dir, BUNDLE_ENTRY);
}

/** Deletes every build and copy this process made. */
export function removeLambdaBundles(): void {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  created.clear();
  built = undefined;
}
