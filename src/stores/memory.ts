import { createHash } from 'node:crypto';
import { checkKey, keyProblem, refusedEntry } from './keys.ts';
import { conditionProblem } from './conditions.ts';
import { emptyRequestCounts, WriteConflict, type Store, type StoreEntry } from './store.ts';
import { compareKeys } from '../text/compare.ts';

interface MemoryObject {
  bytes: Uint8Array;
  etag: string;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

/** A store in a Map, for tests and dry runs. Also tells what headers a key was put with. */
export interface MemoryStore extends Store {
  contentType(key: string): string | undefined;
  cacheControl(key: string): string | undefined;
}

/**
 * An in-memory store. `initial` is taken as a bucket's contents, unchecked, so tests can hold
 * keys a real bucket may hold but `list` must not hand out (those come with a problem, as in every store).
 * ETags are the MD5 of the bytes, like S3's for single-part uploads.
 */
export function createMemoryStore(initial: Record<string, string> = {}): MemoryStore {
  const objects = new Map<string, MemoryObject>();
  const requests = emptyRequestCounts();
  const set = (key: string, body: string | Uint8Array, contentType?: string, cacheControl?: string) => {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body.slice();
    objects.set(key, { bytes, etag: createHash('md5').update(bytes).digest('hex'), contentType, cacheControl });
  };
  for (const [key, text] of Object.entries(initial)) set(key, text);

  return {
    location: 'memory:/',
    requests,

    async list() {
      requests.list++;
      const entries: StoreEntry[] = [];
      for (const [key, object] of objects) {
        const problem = keyProblem(key);
        const size = object.bytes.byteLength;
        entries.push(problem ? refusedEntry(key, size, problem) : { key, etag: object.etag, size });
      }
      return entries.sort((a, b) => compareKeys(a.key, b.key));
    },

    async get(key) {
      checkKey(key);
      requests.get++;
      return objects.get(key)?.bytes.slice();
    },

    async getTagged(key) {
      checkKey(key);
      requests.get++;
      const object = objects.get(key);
      return object && { bytes: object.bytes.slice(), tag: object.etag };
    },

    async put(key, body, contentType, { condition, cacheControl } = {}) {
      checkKey(key);
      requests.put++;
      const problem = condition && conditionProblem(condition, objects.get(key)?.etag);
      if (problem) throw new WriteConflict(`could not write memory:/${key}: ${problem}`, key);
      set(key, body, contentType, cacheControl);
      return objects.get(key)?.etag;
    },

    async delete(key) {
      checkKey(key);
      requests.delete++;
      objects.delete(key);
    },

    contentType(key) {
      return objects.get(key)?.contentType;
    },

    cacheControl(key) {
      return objects.get(key)?.cacheControl;
    },
  };
}
