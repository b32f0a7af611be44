import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/feedbucket.js');
const run = promisify(execFile);

async function node(args: string[], env: Record<string, string> = {}, dir = cwd) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let cwd: string;
let version: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'feedbucket-bin-'));
  version = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('bin/feedbucket.js runs the CLI built by npm ci (dist/cli/)', () => {
  it('--version', async () => {
    expect(await node([bin, '--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('sets the process exit code: 2 for an invalid configuration', async () => {
    const result = await node([bin, 'build', '--limit', 'many'], { SITE_URL: 'https://x.example/', SITE_TITLE: 'X' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^feedbucket: limit: "many" from --limit is not a positive integer/);
  });
});

describe('the published package', () => {
  it('holds the launcher and the built CLI, and no TypeScript sources or tests', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
    const [pack] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const files = pack.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['bin/feedbucket.js', 'dist/cli/index.mjs', 'package.json', 'README.md']));
    expect(files.filter((file) => !/^(bin\/|dist\/cli\/|package\.json$|README\.md$)/.test(file))).toEqual([]);
  });

  it('runs with no node_modules: every dependency is in the bundle', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'feedbucket-package-'));
    try {
      await cp(path.join(root, 'bin'), path.join(copy, 'bin'), { recursive: true });
      await cp(path.join(root, 'dist', 'cli'), path.join(copy, 'dist', 'cli'), { recursive: true });
      await cp(path.join(root, 'package.json'), path.join(copy, 'package.json'));
      const result = await node([path.join(copy, 'bin/feedbucket.js'), 'build', '--help'], {}, copy);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: feedbucket build/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('src/cli/main.ts as the entry point in development (`node --import tsx src/cli/main.ts build`)', () => {
  it('runs when executed', async () => {
    // `--import tsx` is resolved from the working directory: run these from the repository.
    const result = await node(['--import', 'tsx', 'src/cli/main.ts', 'build', '--help'], {}, root);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: feedbucket build/);
  });

  it('does nothing when imported', async () => {
    const script = `await import(${JSON.stringify(path.join(root, 'src/cli/main.ts'))}); console.log('imported');`;
    const result = await node(['--import', 'tsx', '--input-type=module', '-e', script], {}, root);
    expect(result).toEqual({ code: 0, stdout: 'imported\n', stderr: '' });
  });
});
