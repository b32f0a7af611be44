/** One measured run in its own process, so peak memory (maxRSS) belongs to that run alone. */
import { performance } from 'node:perf_hooks';
import { resolveConfig } from '../src/config/resolve.ts';
import { runBuild } from '../src/pipeline/build.ts';
import { naiveBuild } from './naive.ts';

const [kind = '', source = '', out = ''] = process.argv.slice(2);
const started = performance.now();
if (kind === 'naive') {
  await naiveBuild(source, out);
} else {
  const config = resolveConfig({ env: { SITE_URL: 'https://example.com/', SITE_TITLE: 'Bench', FEED_SOURCE: source, FEED_OUT: out } });
  await runBuild({ config, force: kind === 'force', now: new Date('2026-01-01T00:00:00Z') });
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
