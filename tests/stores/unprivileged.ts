/**
 * Runs Node as a user whom file permissions stop. Root reads a file chmod 000 all the
 * same, so as root (containers, many CI runners) the child runs as `nobody`, and the test's
 * folder is handed to that user first; as anyone else it runs as ourselves. Either way the
 * permission tests really run: none is skipped.
 */
import { spawn } from 'node:child_process';
import { chmodSync, lchownSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Makes `dir` and everything in it the child's, so it can read and write there. */
export function handToChild(dir: string): void {
  if (!asRoot) return;
  lchownSync(dir, NOBODY, NOBODY);
  for (const dirent of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, dirent.name);
    if (dirent.isDirectory()) handToChild(path);
    else lchownSync(path, NOBODY, NOBODY);
  }
}

/** Gives a folder made unreadable back its permissions, so that it can be removed (by a non-root user). */
export function restoreAccess(path: string): void {
  chmodSync(path, 0o755);
}

/** The CLI: main.ts runs itself when it is the entry point, so `node <bundle> build …` is `feedbucket build …`. */
export const CLI = "import './src/cli/main.ts';";

const bundles = new Map<string, Promise<string>>();

/**
 * `code` (a module whose imports are relative to the repository) bundled into a folder anyone may
 * read: the child may not be able to reach the repository at all (a checkout under a 0700
 * folder, as `mktemp -d` makes them), and a bundle needs no node_modules.
 */
function bundleForChild(code: string): Promise<string> {
  let bundle = bundles.get(code);
  if (bundle === undefined) {
    bundle = (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'feedbucket-unprivileged-'));
      chmodSync(dir, 0o755);
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const outfile = join(dir, 'entry.mjs');
      await build({
        stdin: { contents: code, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile,
        logLevel: 'error',
        banner: { js: "import { createRequire as __childRequire } from 'node:module'; const require = __childRequire(import.meta.url);" },
      });
      chmodSync(outfile, 0o644);
      return outfile;
    })();
    bundles.set(code, bundle);
  }
  return bundle;
}

export interface ChildRun {
  /** Arguments after the script, e.g. `['build', '--json']` for `CLI`. */
  args?: readonly string[];
  /** Node's own options, before the script. */
  nodeArgs?: readonly string[];
  env?: Record<string, string>;
}

/** Runs `code` (see `bundleForChild`) in a Node process as a user whom file permissions stop. */
export async function runUnprivileged(code: string, { args = [], nodeArgs = [], env = {} }: ChildRun = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = await bundleForChild(code);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
      cwd: dirname(entry),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
