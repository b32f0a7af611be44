import pLimit from 'p-limit';
import type { OutputFile } from '../model.ts';
import type { Store } from '../stores/store.ts';
import { MANIFEST_KEY, sha256 } from './manifest.ts';

const WRITE_CONCURRENCY = 8;

/** Outputs that only exist while their tag or category has posts. */
const isTermOutput = (key: string): boolean => key.startsWith('tags/') || key.startsWith('categories/');

export interface PublishPlan {
  /** Files whose bytes differ from what was last written. */
  writes: OutputFile[];
  /** Term feeds whose term has no published post left. */
  deletes: string[];
  /** Output hashes once the plan is carried out. */
  outputs: Record<string, string>;
}

/**
 * Compares the wanted files with the hashes of what was last written. A key that failed its
 * checks this run (`failed`) keeps its old hash and file: a failure never replaces a good feed.
 */
export function planPublish(files: readonly OutputFile[], failed: ReadonlySet<string>, previous: Record<string, string>): PublishPlan {
  const outputs: Record<string, string> = {};
  const writes: OutputFile[] = [];
  for (const file of files) {
    const hash = sha256(file.body);
    outputs[file.key] = hash;
    if (previous[file.key] !== hash) writes.push(file);
  }
  const deletes: string[] = [];
  for (const [key, hash] of Object.entries(previous)) {
    if (key in outputs) continue;
    if (failed.has(key) || !isTermOutput(key)) outputs[key] = hash;
    else deletes.push(key);
  }
  return { writes, deletes, outputs };
}

/** Writes the changed files, then removes stale term feeds. The manifest is written by the caller, last. */
export async function carryOut(plan: PublishPlan, out: Store): Promise<void> {
  const limit = pLimit(WRITE_CONCURRENCY);
  await Promise.all(plan.writes.map((file) => limit(() => out.put(file.key, file.body, file.contentType))));
  await Promise.all(plan.deletes.map((key) => limit(() => out.delete(key))));
}

export async function writeManifest(out: Store, text: string): Promise<void> {
  await out.put(MANIFEST_KEY, text, 'application/json; charset=utf-8');
}
