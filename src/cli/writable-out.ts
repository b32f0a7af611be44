import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StoreError } from '../errors.ts';

/**
 * Fails at once, before any post is read, when the feeds could not be written to the local
 * `--out` directory: writes and removes a probe file in it or, while it does not exist, in the
 * nearest folder above it (where the build would create it), so a run that stops later leaves
 * nothing behind, not even an empty folder. The probe is named like an interrupted write
 * (`.name.<12 hex>.tmp`), which a build removes from `out`. (S3 outputs are not probed: a denied
 * PUT is reported with its key.)
 */
export async function checkWritableOut(dir: string): Promise<void> {
  try {
    const probe = path.join(await nearestExisting(path.resolve(dir)), `.feedbucket-write-check.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(probe, '', { flag: 'wx' });
    await unlink(probe);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      `cannot write the feeds to ${dir}: ${reason}; point --out (FEED_OUT, or "out" in the config file) at a directory you can write to`,
      '',
      { cause: error },
    );
  }
}

async function nearestExisting(dir: string): Promise<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    try {
      await stat(at);
      return at;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(at) === at) throw error;
    }
  }
}
