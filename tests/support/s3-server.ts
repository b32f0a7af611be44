/**
 * A real S3-protocol server (s3rver) on 127.0.0.1 for tests, run as a child process.
 *
 * Why a child: s3rver encrypts ListObjectsV2 continuation tokens with DES, which Node 20's
 * OpenSSL 3 only offers with `--openssl-legacy-provider`. The flag is given to the child's node
 * only, so the test process keeps its normal crypto. The child binds port 0 and reports the real
 * port on stdout; it exits when its stdin closes, so it cannot outlive a test worker that dies
 * without running `afterAll` (crash, SIGKILL, timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import * as http from '@smithy/node-http-handler';
import { s3ClientSettings, type S3Timeouts } from '../../src/stores/s3.ts';

/** s3rver's only account; other keys get InvalidAccessKeyId. */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER';
export const S3RVER_SECRET_ACCESS_KEY = 'S3RVER';
export const S3_TEST_REGION = 'us-east-1';

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** The environment that points the AWS SDK (and `openStore('s3://…')`) at this server. */
  readonly env: Readonly<Record<string, string>>;
  /** Sets `env` on `process.env`; returns a function that restores the previous values. */
  applyEnv(): () => void;
  /** A new client for this server (path-style, s3rver's credentials), with the engine's timeouts and retries unless told otherwise. */
  client(options?: { endpoint?: string; maxAttempts?: number; timeouts?: Partial<S3Timeouts> }): S3Client;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const requireFromHere = createRequire(import.meta.url);
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Patched in the child where s3rver is not S3. S3 replaces an object whole, or not at all when
 * its upload is cut off; s3rver writes the body, its MD5 and its metadata in place, so a reader could see half of one and a client killed
 * mid-upload (the crash test) would leave a truncated object that real S3 never stores. In the
 * child, each is written beside its target first and renamed over it once the body is complete.
 */
const AS_S3_DOES = `
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const Store = require(path.join(path.dirname(process.env.S3RVER_MODULE), 'stores', 'filesystem.js'));
const S3Object = require(path.join(path.dirname(process.env.S3RVER_MODULE), 'models', 'object.js'));
const beside = (file) => file + '.' + crypto.randomBytes(6).toString('hex') + '.partial';
Store.prototype.putObject = async function (object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  fs.mkdirSync(path.dirname(objectPath), { recursive: true });
  const body = Buffer.isBuffer(object.content) ? object.content : await new Promise((resolve, reject) => {
    const chunks = [];
    object.content.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
  const md5 = crypto.createHash('md5').update(body).digest('hex');
  const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([key]) => S3Object.ALLOWED_METADATA.includes(key) || key.startsWith('x-amz-meta-')));
  const writes = [[objectPath, body], [objectPath + '.md5', md5], [this.getResourcePath(object.bucket, object.key, 'metadata.json'), JSON.stringify(metadata, null, 2)]]
    .map(([target, data]) => { const temp = beside(target); fs.writeFileSync(temp, data); return [temp, target]; });
  for (const [temp, target] of writes) fs.renameSync(temp, target);
  return { size: body.length, md5 };
};
// Deletes in one folder at once race on s3rver's removal of emptied folders; the loser answered
// 500 for good (its folder is gone on every retry), where S3 answers 204.
const deleteObject = Store.prototype.deleteObject;
Store.prototype.deleteObject = async function (...args) {
  try {
    await deleteObject.apply(this, args);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
};
`;

/** Runs inside the child (CommonJS, `node -e`): start s3rver, print the port, exit with stdin. */
const CHILD_SCRIPT = `
const S3rver = require(process.env.S3RVER_MODULE);
const config = JSON.parse(process.env.S3RVER_CONFIG);
${AS_S3_DOES}
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: config.directory,
  configureBuckets: config.buckets.map((name) => ({ name, configs: [] })),
});
server.run().then(
  ({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'),
  (err) => { console.error(err); process.exit(1); },
);
process.on('exit', () => require('fs').rmSync(config.directory, { recursive: true, force: true }));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
`;

export async function startS3Server(options: { buckets?: string[] } = {}): Promise<S3TestServer> {
  installExitHook();
  const directory = await mkdtemp(join(tmpdir(), 'feedbucket-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD_SCRIPT], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // the flag must not also come through NODE_OPTIONS from a parent that set it
      NODE_OPTIONS: '',
      S3RVER_MODULE: requireFromHere.resolve('s3rver'),
      S3RVER_CONFIG: JSON.stringify({ directory, buckets: options.buckets ?? [] }),
    },
  });
  live.add(child);
  child.once('exit', () => live.delete(child));

  let port: number;
  try {
    port = await readPort(child);
  } catch (error) {
    await killChild(child);
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: S3RVER_SECRET_ACCESS_KEY,
    AWS_REGION: S3_TEST_REGION,
  };
  const admin = makeClient(endpoint);
  let stopped = false;

  return {
    endpoint,
    port,
    env,
    applyEnv() {
      const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      Object.assign(process.env, env);
      return () => {
        for (const [name, value] of Object.entries(previous)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      };
    },
    client({ endpoint: to = endpoint, ...settings } = {}) {
      return makeClient(to, settings);
    },
    async createBucket(name) {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      admin.destroy();
      await killChild(child);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function makeClient(endpoint: string, settings: Parameters<typeof s3ClientSettings>[1] = {}): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: S3_TEST_REGION,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: S3RVER_SECRET_ACCESS_KEY },
    ...s3ClientSettings(http, settings),
  });
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error('s3rver did not start within 15 s')), 15_000);
    const onExit = (code: number | null) => fail(new Error(`s3rver exited (${code}) before listening:\n${stderr}`));
    child.once('exit', onExit);
    child.once('error', fail);
    lines.once('line', (line) => {
      cleanup();
      try {
        const { port } = JSON.parse(line) as { port: number };
        resolve(port);
      } catch {
        reject(new Error(`unexpected s3rver output: ${line}\n${stderr}`));
      }
    });
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', fail);
      lines.close();
      child.stdout?.resume(); // keep draining so the child never blocks on a full pipe
    }
  });
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Last resort if a worker exits without `stop()`: signal every child still running. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}
