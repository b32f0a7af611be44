/**
 * `serverless package` (osls) run offline, without AWS credentials, for the deploy suites.
 *
 * osls writes its work files into `<service dir>/.serverless/` whatever `--package` says, so two
 * runs in one directory clobber each other. Each run therefore gets its own service directory: a
 * mirror of the repository (a copy of serverless.yml, every other top-level entry symlinked:
 * package.json, node_modules, src, deploy, …) except `dist/`, which holds the given bundle (what
 * `npm run build` writes to dist/lambda/). `package.patterns` are thus matched against the real tree.
 */
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BUILD_SCRIPT, REPO_ROOT } from '../support/bundle.ts';

export const run = promisify(execFile);
const SERVERLESS_BIN = join(REPO_ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');

export type Json = any; // CloudFormation JSON: checked by the suites' assertions
export interface Packaged {
  /** The --package directory. */
  dir: string;
  /** The service directory it was packaged from. */
  service: string;
  template: Json;
  zipEntries: ZipEntry[];
}

/** The environment `serverless package` gets: no AWS credentials or profile, no shared config, its own HOME. */
function offlineEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|SLS_|SERVERLESS_)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home, // osls caches artifacts under ~/.serverless: keep runs apart and the real HOME clean
    USERPROFILE: home,
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_CONFIG_FILE: join(home, 'no-config'),
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_DEPRECATION_DISABLE: '*',
    CI: '1',
  };
}

const temps: string[] = [];
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `feedbucket-${label}-`));
  temps.push(dir);
  return dir;
}

/** Every temporary directory made so far; call in `afterAll`. */
export async function removeTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** `node scripts/build.mjs` into a fresh folder: what `npm run build` puts in dist/lambda/. */
export async function buildBundle(): Promise<string> {
  const bundle = join(await tempDir('lambda-build'), 'lambda');
  await run(process.execPath, [BUILD_SCRIPT, '--outdir', bundle, '--quiet'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stderr?: string }) => {
      throw new Error(`scripts/build.mjs failed:\n${error.stderr ?? String(error)}`);
    },
  );
  return bundle;
}

/** A service directory that mirrors the repository, with its own dist/ and no .serverless/. */
async function serviceDir(bundle: string): Promise<string> {
  const service = await tempDir('sls-service');
  for (const name of await readdir(REPO_ROOT)) {
    if (name === 'dist' || name === '.serverless' || name === '.git') continue;
    // osls does not take a symlinked config file as a service: copy that one
    if (name === 'serverless.yml') await copyFile(join(REPO_ROOT, name), join(service, name));
    else await symlink(join(REPO_ROOT, name), join(service, name));
  }
  await mkdir(join(service, 'dist'));
  await cp(bundle, join(service, 'dist', 'lambda'), { recursive: true });
  return service;
}

/** Packages the service with `args`; a failed run throws with everything osls printed. */
export async function packageService(bundle: string, args: string[]): Promise<Packaged> {
  const service = await serviceDir(bundle);
  const home = await tempDir('sls-home');
  const dir = join(await tempDir('sls-package'), 'out');
  try {
    await run(process.execPath, [SERVERLESS_BIN, 'package', '--package', dir, ...args], {
      cwd: service,
      env: offlineEnv(home),
      maxBuffer: 16 * 1024 * 1024,
      timeout: 180_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
  }
  const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'));
  const zipEntries = readZipDirectory(await readFile(join(dir, 'feedbucket.zip')));
  return { dir, service, template, zipEntries };
}

export interface ZipEntry {
  name: string;
  size: number;
}

/** The names and sizes in a zip's central directory (no unzip binary, no dependency). */
function readZipDirectory(zip: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
