/**
 * `npm run bench [posts] [pairs]`: whole processes as a user runs them (`node bin/feedbucket.js
 * build …`, start-up and loading included), each row paired with its baseline in the same call
 * (A B A B, one warm-up pair), medians with min–max and the median of the paired ratios. Writes
 * bench/results.md and bench/results.json.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { newestPublished, writeCorpus } from './corpus.ts';
import { checkTools, paired, runOnce, stats, type Command, type Pairing, type Stats } from './measure.ts';
import { s3Requests, type S3Row } from './s3-requests.ts';

const posts = Number(process.argv[2] ?? 10_000);
const pairs = Number(process.argv[3] ?? 5);
const small = Math.max(1, Math.round(posts / 10));
const here = import.meta.dirname;
const root = join(here, '..');
const work = join(here, 'corpus');
const bin = join(root, 'bin', 'feedbucket.js');
const SITE = ['--site-url', 'https://example.com/', '--title', 'Bench', '--json'];

checkTools();
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--cli', '--quiet'], { stdio: 'inherit' });

const corpus = async (count: number) => {
  const dir = join(work, `content-${count}`);
  await writeCorpus(dir, count);
  return dir;
};
const large = await corpus(posts);
const smaller = await corpus(small);

const naive = (source: string): Command => ({ args: [join(here, 'naive.mjs'), source, join(work, 'naive-out')] });
const build = (source: string, out: string, ...flags: string[]): Command => ({ args: [bin, 'build', ...flags, '--source', source, '--out', out, ...SITE] });
const emptied = (out: string, command: Command): Command => ({ ...command, before: () => rmSync(out, { recursive: true, force: true }) });

interface Row {
  name: string;
  target: string;
  holds: (row: Pairing) => boolean;
  pairing: Pairing;
}
const rows: Row[] = [];
const measureRow = (name: string, target: string, holds: Row['holds'], baseline: Command, candidate: Command) => {
  process.stderr.write(`bench: ${name}…\n`);
  rows.push({ name, target, holds, pairing: paired(baseline, candidate, pairs) });
};

const fullOut = join(work, 'out-full');
measureRow(`full build, ${posts} posts (--force, empty out)`, '≤ 0.10 (stretch 0.07), peak RSS ≤ 128 MiB', (p) => p.ratio.median <= 0.1 && p.rssMiB.max <= 128, naive(large), emptied(fullOut, build(large, fullOut, '--force')));

const incOut = join(work, 'out-incremental');
rmSync(incOut, { recursive: true, force: true });
runOnce(build(large, incOut));
measureRow(`no change, ${posts} posts`, '≤ 0.03', (p) => p.ratio.median <= 0.03, naive(large), build(large, incOut));

const edited = join(large, newestPublished(posts));
let edits = 0;
measureRow(
  `one post edited, ${posts} posts`,
  '≤ 0.05',
  (p) => p.ratio.median <= 0.05,
  naive(large),
  { ...build(large, incOut), before: () => appendFileSync(edited, `\nEdit ${++edits}.\n`) },
);

const smallOut = join(work, 'out-small');
measureRow(`full build, ${small} posts`, '≤ 0.30', (p) => p.ratio.median <= 0.3, naive(smaller), emptied(smallOut, build(smaller, smallOut, '--force')));

measureRow('`feedbucket --version` against `node -e 0`', '≤ 1.5', (p) => p.ratio.median <= 1.5, { args: ['-e', '0'] }, { args: [bin, '--version'] });

process.stderr.write('bench: S3 requests (local S3-protocol server)…\n');
const s3 = await s3Requests(large, bin);

process.stderr.write('bench: Lambda bundle…\n');
const lambda = lambdaBundle();

const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  posts,
  pairs,
  rows: rows.map(({ name, target, holds, pairing }) => ({ name, target, holds: holds(pairing), ...pairing })),
  s3,
  lambda,
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(here, 'results.md'), markdown(results));
process.stdout.write(markdown(results));

function lambdaBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'feedbucket-lambda-'));
  try {
    const outdir = join(dir, 'lambda');
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--outdir', outdir, '--quiet']);
    execFileSync('zip', ['-q', '-r', '-9', join(dir, 'lambda.zip'), '.'], { cwd: outdir });
    const zippedKiB = statSync(join(dir, 'lambda.zip')).size / 1024;
    const entry = join(outdir, 'index.mjs');
    const script = `const t = performance.now(); await import(${JSON.stringify(entry)}); console.log(performance.now() - t);`;
    const imports = Array.from({ length: pairs }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
    const files = readdirSync(outdir, { recursive: true }).filter((name) => statSync(join(outdir, String(name))).isFile()).length;
    return { zippedKiB, files, coldImportMs: stats(imports), holds: zippedKiB <= 1024 && stats(imports).median <= 150 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function markdown(r: typeof results): string {
  const range = (s: Stats, digits = 0) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const lines = [
    '# Benchmark results',
    '',
    `${r.date.slice(0, 10)}, ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}. ` +
      `Written by \`npm run bench -- ${r.posts} ${r.pairs}\`: whole processes, ${r.pairs} pairs after one warm-up pair, ` +
      'medians (min–max); the ratio is the median of each pair\'s candidate / baseline. The baseline is `node bench/naive.mjs` ' +
      '(gray-matter + yaml + markdown-it + feed over every post) for builds, `node -e 0` for start-up.',
    '',
    '| run | feedbucket ms | baseline ms | ratio | peak RSS MiB | target | holds |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...r.rows.map(
      (row) =>
        `| ${row.name} | ${range(row.candidate)} | ${range(row.baseline)} | ${range(row.ratio, 3)} | ${range(row.rssMiB)} | ${row.target} | ${row.holds ? 'yes' : 'no'} |`,
    ),
    '',
    `S3 (local S3-protocol server, ${r.posts} posts; the target is ⌈N/1000⌉ LIST of the posts + 1 LIST of out + 1 GET + 0 PUT when nothing changed):`,
    '',
    '| run | LIST | GET | PUT | DELETE | files written | holds |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...r.s3.map((row: S3Row) => `| ${row.name} | ${row.requests.list} | ${row.requests.get} | ${row.requests.put} | ${row.requests.delete} | ${row.written} | ${row.holds ? 'yes' : 'no'} |`),
    '',
    `Lambda bundle: ${r.lambda.files} files, ${r.lambda.zippedKiB.toFixed(0)} KiB zipped (zip -9; target ≤ 1024 KiB); ` +
      `cold import ${range(r.lambda.coldImportMs)} ms (target ≤ 150 ms): ${r.lambda.holds ? 'holds' : 'does not hold'}.`,
    '',
  ];
  return lines.join('\n');
}
