import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StoreError } from '../errors.ts';
import { checkKey, keyProblem, refusedEntry } from './keys.ts';
import { conditionProblem } from './conditions.ts';
import { emptyRequestCounts, UnreadableObject, WriteConflict, type Store, type StoreEntry, type TaggedObject } from './store.ts';
import { compareKeys } from '../text/compare.ts';

/** Errors that mean "there is no object under this key". */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * A directory as a store. Keys are `/`-separated paths relative to `dir`; writes go to a
 * temporary file beside the target and are renamed over it, so a reader sees the old bytes or
 * the new ones, never half a file.
 */
export interface LocalStoreOptions {
  /** A missing directory is an error with this fix, instead of an empty store (the first run's `out`). */
  mustExist?: string;
}

export function createLocalStore(dir: string, options: LocalStoreOptions = {}): Store {
  const root = path.resolve(dir);
  const location = dir.endsWith('/') || dir.endsWith(path.sep) ? dir : `${dir}/`;
  const requests = emptyRequestCounts();

  const base = root.endsWith(path.sep) ? root : root + path.sep;
  /** Folders this store made or found while writing. */
  const folders = new Set<string>();

  /**
   * Key → absolute path; checkKey first, then (defence in depth) the path must be what it says:
   * with no `.`, `..` or empty segment, normalising changes nothing. Cheaper than resolving and
   * relating, which a 10,000-post build did 10,000 times.
   */
  function pathOf(key: string): string {
    checkKey(key);
    const file = base + key.split('/').join(path.sep);
    if (path.normalize(file) !== file) {
      throw new StoreError(`key ${JSON.stringify(key)} resolves outside ${location}`, key);
    }
    return file;
  }

  function failure(action: string, key: string, error: unknown): StoreError {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreError(`could not ${action} ${location}${key}: ${reason}`, key, { cause: error });
  }

  /** One GET: what `read` makes of the key's file, or undefined when there is none. */
  function readObject<T>(key: string, read: (file: string) => T): T | undefined {
    const file = pathOf(key);
    requests.get++;
    try {
      return read(file);
    } catch (error) {
      if (isMissing(error)) return undefined;
      // EACCES, ELOOP, EIO: a disk does not get better by asking again at once
      throw new UnreadableObject(location, key, fsReason(error), 1, { cause: error });
    }
  }

  return {
    location,
    requests,

    async list() {
      requests.list++;
      const entries: StoreEntry[] = [];
      try {
        walk(root, '', entries);
      } catch (error) {
        if (isCode(error, 'ENOENT') && options.mustExist !== undefined) {
          throw new StoreError(`${location} does not exist; ${options.mustExist}`, '', { cause: error });
        }
        if (isCode(error, 'ENOENT')) return []; // no directory yet: an empty store
        throw failure('list', '', error);
      }
      return entries.sort((a, b) => compareKeys(a.key, b.key));
    },

    // A Buffer is a Uint8Array: no copy of every post.
    async get(key) {
      return readObject(key, (file) => readFileSync(file));
    },

    async getTagged(key) {
      return readObject(key, readTagged);
    },

    // A file carries no headers: whoever serves the folder sets Content-Type and Cache-Control (README, Outputs).
    async put(key, body, _contentType, { condition } = {}) {
      const file = pathOf(key);
      requests.put++;
      // Checked just before the rename, not atomically with it: two builds of one local folder
      // at once are a person's two shells, and the later one's check still catches the earlier's manifest.
      const problem = condition && conditionProblem(condition, currentTag(file));
      if (problem) throw new WriteConflict(`could not write ${location}${key}: ${problem}`, key);
      try {
        // As the next listing will show it: a run that finds this tag there need not read and hash the file again.
        return writeAtomically(file, body, folders);
      } catch (error) {
        throw failure('write', key, error);
      }
    },

    async delete(key) {
      const file = pathOf(key);
      requests.delete++;
      try {
        await unlink(file);
      } catch (error) {
        if (isMissing(error)) return;
        throw failure('delete', key, error);
      }
      await pruneEmptyParents(root, path.dirname(file), folders);
    },
  };
}

/**
 * Reads are synchronous on purpose: a blog is thousands of small files on a local disk, where a
 * thread-pool round trip per stat and read costs more than the read itself. Only the root must
 * be readable: below it, what cannot be listed or followed (a folder without permission, a
 * symlink loop, even in `.git/`) becomes an entry with a problem, for the build to report.
 */
function walk(dir: string, prefix: string, into: StoreEntry[]): void {
  for (const dirent of readdirSync(dir, { withFileTypes: true })) {
    const key = prefix + dirent.name;
    // `dir` is already normal: a join's normalising cost ~10 ms per 10,000 files.
    const full = dir + path.sep + dirent.name;
    if (dirent.isDirectory()) {
      walkFolder(full, `${key}/`, into);
      continue;
    }
    if (!dirent.isFile() && !dirent.isSymbolicLink()) continue; // sockets, fifos, devices
    const unsafe = keyProblem(key); // e.g. a file name with a backslash: not addressable
    if (unsafe) {
      into.push(refusedEntry(key, 0, unsafe));
      continue;
    }
    let info;
    try {
      info = statSync(full, { throwIfNoEntry: false }); // follows a symlink to its file
    } catch (error) {
      into.push({ key, etag: '', size: 0, problem: `it could not be read (${fsReason(error)})` });
      continue;
    }
    if (!info?.isFile()) continue; // vanished (e.g. a temp file renamed), or a link to a directory
    into.push({ key, etag: listingTag(info), size: info.size });
  }
}

/**
 * ctime too: a same-size edit whose mtime was put back (`touch -r`, a sync tool or editor that
 * preserves mtimes, two writes within the timestamp resolution) still changes the inode's change
 * time, which no user tool can set. The inode too: two writers' files of one size, made within
 * one tick of the file system's clock, differ in nothing else, and the tag of a write must never
 * pass for the file another writer renamed over it.
 */
function listingTag(info: Stats): string {
  return `${info.size}-${info.mtimeMs}-${info.ctimeMs}-${info.ino}`;
}

/** A folder that cannot be read is one entry, keyed `folder/`: its files are unknown. */
function walkFolder(dir: string, prefix: string, into: StoreEntry[]): void {
  try {
    walk(dir, prefix, into);
  } catch (error) {
    if (isMissing(error)) return; // removed while we walked
    into.push({ key: prefix, etag: '', size: 0, problem: `the folder could not be read (${fsReason(error)}); the posts in it are skipped` });
  }
}

/**
 * Synchronous, like the reads: a build writes a few hundred small files, and a thread-pool round
 * trip for each mkdir, write and rename cost more than the writes (~0.7 ms a file). Returns the
 * listing tag of the file written, from its own descriptor after the rename: a stat of the path
 * could see another writer's file renamed over ours in between, and its tag would pass for ours.
 */
function writeAtomically(file: string, body: string | Uint8Array, folders: Set<string>): string {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  for (let attempt = 0; ; attempt++) {
    // Made once per folder, not once per file: hundreds of files share a few folders.
    if (attempt > 0 || !folders.has(dir)) {
      mkdirSync(dir, { recursive: true });
      folders.add(dir);
    }
    try {
      fd = openSync(temp, 'wx');
      break;
    } catch (error) {
      // a delete (ours or another's) may have pruned the folder since it was made: once more
      if (attempt === 0 && isCode(error, 'ENOENT')) continue;
      throw error;
    }
  }
  try {
    writeFileSync(fd, body);
    renameSync(temp, file);
    // The rename changed the inode's ctime: this is the tag the listing shows while the file is ours.
    return listingTag(fstatSync(fd));
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone (renamed, or never written): nothing is left behind
    }
    throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes and the tag of the version read, from one open file: the listing's tag, which every
 * replacement changes (a new file is renamed over it), so a megabytes-long manifest is not hashed
 * on every run.
 */
function readTagged(file: string): TaggedObject {
  const fd = openSync(file, 'r');
  try {
    return { tag: listingTag(fstatSync(fd)), bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

function currentTag(file: string): string | undefined {
  try {
    return listingTag(statSync(file));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** S3 has no directories: after a delete, remove the directories it left empty (not root). */
async function pruneEmptyParents(root: string, dir: string, folders: Set<string>): Promise<void> {
  while (dir !== root && dir.startsWith(root + path.sep)) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty (ENOTEMPTY/EEXIST), already gone, or not ours to remove
    }
    folders.delete(dir);
    dir = path.dirname(dir);
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

function isMissing(error: unknown): boolean {
  return MISSING.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** `EACCES: permission denied`, without the absolute path Node adds: reports may be published. */
function fsReason(error: unknown): string {
  return error instanceof Error ? error.message.replace(/, [a-z]+ '.*$/s, '') : String(error);
}
