/**
 * `npm run bench [posts] [rounds]`: medians of the naive baseline, a full build, a no-change
 * build and a one-post-edited build, each in a fresh process, interleaved in the same call so
 * machine noise hits all of them alike. Ratios are against the baseline.
 */
import { execFileSync } from 'node:child_process';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCorpus } from './corpus.ts';

const posts = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const root = join(import.meta.dirname, 'corpus');
const source = join(root, 'content');
const edited = join(source, '2010', 'post-0.md');

interface Sample { ms: number; maxRssMiB: number }

function measure(kind: string, out: string): Sample {
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'one-run.ts'), kind, source, out], {
    encoding: 'utf8',
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Sample;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

await writeCorpus(source, posts);
const samples: Record<string, Sample[]> = { naive: [], full: [], noChange: [], oneEdited: [] };
for (let round = 0; round < rounds; round++) {
  const out = join(root, `out-${round}`);
  await rm(out, { recursive: true, force: true });
  samples.naive!.push(measure('naive', join(root, 'naive-out')));
  samples.full!.push(measure('force', out));
  samples.noChange!.push(measure('incremental', out));
  await appendFile(edited, `\nEdit ${round}.\n`);
  samples.oneEdited!.push(measure('incremental', out));
}
const baseline = median(samples.naive!.map((s) => s.ms));
console.log(`${posts} posts, ${rounds} rounds, medians (ratio = time / naive baseline):`);
for (const [name, runs] of Object.entries(samples)) {
  const ms = median(runs.map((s) => s.ms));
  const rss = median(runs.map((s) => s.maxRssMiB));
  console.log(`${name.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms  ×${(ms / baseline).toFixed(3)}  maxRSS ${rss.toFixed(0)} MiB`);
}
