/**
 * Builds killed with SIGKILL at points spread over the whole run, as a crash or a Lambda timeout
 * would: a child process (the CLI as a user runs it) against a local folder and against the S3
 * test server. After every kill each stored document is whole; after a clean run, `out` is
 * exactly what a fresh build of the same posts gives (same bytes, same files), with no
 * temporary file left.
 *
 * The suite runs CRASH_KILLS kills per store (default 6); `CRASH_KILLS=60 npx vitest run
 * tests/crash` runs the full set.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, tempDir } from '../engine/helpers.ts';
import { jsonFeedSchemaErrors, xmlProblem } from '../support/feed-checks.ts';
import { startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { deleteObjects, listKeys, putObjects, snapshot } from '../integration/s3-helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KILLS = Number(process.env.CRASH_KILLS ?? 6);
const SITE = ['--site-url', 'https://blog.example.com/', '--title', 'Crash test'];

/** The posts as they change between runs: each round edits one, tags some, and deletes a few. */
function postsAt(round: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    if (round > 0 && i % 11 === round % 11) continue;
    const tags = [`t${i % 7}`, ...(i % 3 === 0 ? [`round-${round % 4}`] : [])];
    const body = i === round % 40 ? `Edited in round ${round}.\n` : `Post ${i}.\n`;
    const date = `2026-0${1 + (i % 5)}-${String(10 + (i % 18)).padStart(2, '0')}T00:00:00Z`;
    files[`posts/p${i}.md`] = post({ title: `Post ${i}`, date, tags }, body);
  }
  return files;
}

/** Runs the CLI; with `killAfterMs`, kills it with SIGKILL then. Resolves with the exit code (null when killed). */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/feedbucket.js'), 'build', ...args, ...SITE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - started });
    });
  });
}

/** A kill point, the same on every run of the suite, spread over 10–100 % of a whole build. */
const killPoint = (round: number, wholeMs: number): number => Math.round(wholeMs * (0.1 + 0.9 * ((round * 0.618033988749895) % 1)));

function expectWhole(texts: ReadonlyMap<string, string>, label: string): void {
  for (const [key, text] of texts) {
    if (key.endsWith('.xml')) expect(xmlProblem(text), `${label}: ${key}`).toBeUndefined();
    if (key.endsWith('feed.json')) expect(jsonFeedSchemaErrors(text), `${label}: ${key}`).toEqual([]);
  }
}

const feedsOnly = (texts: ReadonlyMap<string, string>) => new Map([...texts].filter(([key]) => !key.startsWith('.feedbucket/')));

/** Where the posts and the two outputs (the one killed, and a fresh one) live. */
interface Target {
  writePosts(files: Record<string, string>): Promise<void>;
  texts(out: 'out' | 'fresh'): Promise<Map<string, string>>;
  args(out: 'out' | 'fresh'): string[];
  env: NodeJS.ProcessEnv;
}

async function killThenConverge(target: Target): Promise<void> {
  await target.writePosts(postsAt(0));
  const whole = await runCli(target.args('out'), target.env);
  expect(whole.code).toBe(0);
  let killed = 0;
  for (let round = 1; round <= KILLS; round++) {
    await target.writePosts(postsAt(round));
    const run = await runCli(target.args('out'), target.env, killPoint(round, whole.ms));
    if (run.code === null) killed++;
    expectWhole(await target.texts('out'), `after kill ${round}`);
  }
  expect(killed, 'runs killed before they finished').toBeGreaterThan(KILLS / 2);

  expect((await runCli(target.args('out'), target.env)).code).toBe(0);
  expect((await runCli(target.args('fresh'), target.env)).code).toBe(0);
  const stored = await target.texts('out');
  expect([...stored.keys()].filter((key) => key.endsWith('.tmp'))).toEqual([]);
  const fresh = feedsOnly(await target.texts('fresh'));
  const converged = feedsOnly(stored);
  expect([...converged.keys()].sort()).toEqual([...fresh.keys()].sort());
  for (const [key, text] of fresh) expect(converged.get(key), key).toBe(text);
}

describe('SIGKILL during builds', () => {
  it(`of a local folder: ${KILLS} kills, whole documents throughout, then exactly a fresh build`, async () => {
    const root = await tempDir('crash-local');
    const content = join(root, 'content');
    const dirTexts = (dir: string) => {
      const texts = new Map<string, string>();
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const full = join(entry.parentPath, entry.name);
        texts.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
      }
      return texts;
    };
    await killThenConverge({
      async writePosts(files) {
        rmSync(content, { recursive: true, force: true });
        for (const [key, text] of Object.entries(files)) {
          mkdirSync(dirname(join(content, key)), { recursive: true });
          writeFileSync(join(content, key), text);
        }
      },
      texts: async (out) => dirTexts(join(root, out)),
      args: (out) => ['--source', content, '--out', join(root, out)],
      env: {},
    });
  }, 600_000);

  describe('of an S3 bucket', () => {
    const BUCKET = 'crash';
    let server: S3TestServer;
    beforeAll(async () => {
      server = await startS3Server({ buckets: [BUCKET] });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it(`${KILLS} kills, whole documents throughout, then exactly a fresh build`, async () => {
      const client = server.client({ maxAttempts: 6 });
      await killThenConverge({
        async writePosts(files) {
          await deleteObjects(client, BUCKET, await listKeys(client, BUCKET, 'posts/'));
          await putObjects(client, BUCKET, Object.entries(files));
        },
        texts: async (out) => new Map([...(await snapshot(client, BUCKET, `${out}/`))].map(([key, object]) => [key, object.body])),
        args: (out) => ['--source', `s3://${BUCKET}/posts/`, '--out', `s3://${BUCKET}/${out}/`],
        env: server.env,
      });
    }, 600_000);
  });
});
