import pLimit from 'p-limit';
import type { OutputFile } from '../model.ts';
import type { Store, StoreEntry } from '../stores/store.ts';
import { sha256 } from '../text/hash.ts';
import { MANIFEST_KEY } from './manifest.ts';

const WRITE_CONCURRENCY = 8;

export interface PublishPlan {
  /** Files whose bytes differ from what was last written (or from what is stored). */
  writes: OutputFile[];
  /** Term feeds whose term has no published post left. */
  deletes: string[];
  /** Output hashes once the plan is carried out. */
  outputs: Record<string, string>;
}

/**
 * Compares the wanted files with the hashes of what was last written. A key that failed its
 * checks this run (`failed`) keeps its old hash and file: a failure never replaces a good feed.
 * With `stored` (a forced rebuild), a file that is missing or of another size under `out` is
 * written even when the manifest says it is current: someone deleted or changed it.
 */
export function planPublish(
  files: readonly OutputFile[],
  failed: ReadonlySet<string>,
  previous: Record<string, string>,
  /** Outputs that only exist while their tag or category has posts. */
  isTermOutput: (key: string) => boolean,
  stored?: ReadonlyMap<string, StoreEntry>,
): PublishPlan {
  const outputs: Record<string, string> = {};
  const writes: OutputFile[] = [];
  for (const file of files) {
    const hash = sha256(file.body);
    outputs[file.key] = hash;
    const tampered = stored !== undefined && stored.get(file.key)?.size !== Buffer.byteLength(file.body);
    if (previous[file.key] !== hash || tampered) writes.push(file);
  }
  const deletes: string[] = [];
  for (const [key, hash] of Object.entries(previous)) {
    if (key in outputs) continue;
    if (failed.has(key) || !isTermOutput(key)) outputs[key] = hash;
    else deletes.push(key);
  }
  return { writes, deletes, outputs };
}

export interface PublishOutcome {
  /** Output hashes of what is really stored now: failed or skipped writes keep their old hash. */
  outputs: Record<string, string>;
  written: string[];
  deleted: string[];
  failures: { key: string; error: unknown }[];
  /** Writes not attempted because the deadline came (`beforeWrite` threw). */
  stopped?: unknown;
}

/**
 * Writes the changed files, then removes stale term feeds. Every write is tried and settled on
 * its own, so the manifest written afterwards records exactly what was published. The
 * manifest is written by the caller, last.
 */
export async function carryOut(plan: PublishPlan, previous: Record<string, string>, out: Store, beforeWrite: () => void): Promise<PublishOutcome> {
  const limit = pLimit(WRITE_CONCURRENCY);
  const outcome: PublishOutcome = { outputs: { ...plan.outputs }, written: [], deleted: [], failures: [] };
  const attempt = (key: string, write: () => Promise<void>, done: string[]) =>
    limit(async () => {
      try {
        if (outcome.stopped === undefined) beforeWrite();
      } catch (error) {
        outcome.stopped = error;
      }
      if (outcome.stopped !== undefined) return revert(key);
      try {
        await write();
        done.push(key);
      } catch (error) {
        outcome.failures.push({ key, error });
        revert(key);
      }
    });
  const revert = (key: string): void => {
    if (previous[key] === undefined) delete outcome.outputs[key];
    else outcome.outputs[key] = previous[key];
  };
  await Promise.all(plan.writes.map((file) => attempt(file.key, () => out.put(file.key, file.body, file.contentType), outcome.written)));
  await Promise.all(plan.deletes.map((key) => attempt(key, () => out.delete(key), outcome.deleted)));
  return outcome;
}

export async function writeManifest(out: Store, text: string): Promise<void> {
  await out.put(MANIFEST_KEY, text, 'application/json; charset=utf-8');
}
