/**
 * Whole processes, timed as a user runs them: wall time around the spawn (start-up and module
 * loading included) and peak RSS from GNU time (`/usr/bin/time -f %M`), which reads the child's
 * rusage when it exits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Sample {
  ms: number;
  rssMiB: number;
}

export interface Command {
  args: readonly string[];
  /** Runs before each measured run, not timed (e.g. empty the output folder). */
  before?: () => void;
  env?: NodeJS.ProcessEnv;
}

const GNU_TIME = '/usr/bin/time';

export function checkTools(): void {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing: install GNU time (apt-get install time) to measure peak memory`);
}

/** One run of `node …args`; throws with its stderr when it fails. */
export function runOnce({ args, before, env }: Command): Sample {
  before?.();
  const dir = mkdtempSync(join(tmpdir(), 'feedbucket-bench-'));
  const rssFile = join(dir, 'rss');
  try {
    const started = performance.now();
    const child = spawnSync(GNU_TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}:\n${child.stderr}`);
    const kib = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    return { ms, rssMiB: kib / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

export interface Pairing {
  candidate: Stats;
  baseline: Stats;
  /** The median of candidate / baseline over the pairs: each pair ran back to back, so noise cancels. */
  ratio: Stats;
  rssMiB: Stats;
  baselineRssMiB: Stats;
}

/** `pairs` times: the baseline, then the candidate (A B A B …), one warm-up pair first, not counted. */
export function paired(baseline: Command, candidate: Command, pairs: number): Pairing {
  runOnce(baseline);
  runOnce(candidate);
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < pairs; i++) {
    a.push(runOnce(baseline));
    b.push(runOnce(candidate));
  }
  return {
    candidate: stats(b.map((s) => s.ms)),
    baseline: stats(a.map((s) => s.ms)),
    ratio: stats(b.map((s, i) => s.ms / a[i]!.ms)),
    rssMiB: stats(b.map((s) => s.rssMiB)),
    baselineRssMiB: stats(a.map((s) => s.rssMiB)),
  };
}
