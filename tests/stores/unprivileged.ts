/**
 * Runs Node (with tsx) as a user whom file permissions stop. Root reads a file chmod 000 all the
 * same, so as root (containers, many CI runners) the child runs as `nobody`, and the test's
 * folder is handed to that user first; as anyone else it runs as ourselves. Either way the
 * permission tests really run: none is skipped.
 */
import { spawn } from 'node:child_process';
import { chmodSync, lchownSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export function runUnprivileged(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
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
