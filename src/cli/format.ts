/** The human build summary: a pure function of the summary (no clock, no I/O). */
import type { BuildSummary, PingOutcome } from '../pipeline/types.ts';

export interface FormatOptions {
  /** How to show the output location before each file key, e.g. `public/`; keys are shown bare without it. */
  out?: string;
  /** Files listed before "… and N more"; the JSON summary always has them all. */
  maxFiles?: number;
  /** The config file read, `null` for none; left out, the summary says nothing of it. */
  configFile?: string | null;
}

const DEFAULT_MAX_FILES = 30;

export function formatSummary(summary: BuildSummary, options: FormatOptions = {}): string {
  const lines: string[] = [];
  const prefix = options.out === undefined || options.out === '' ? '' : options.out.endsWith('/') ? options.out : `${options.out}/`;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const dry = summary.dryRun;

  if (options.configFile !== undefined) {
    const source = options.configFile === null ? 'no config file (flags, environment and defaults)' : `config ${options.configFile}`;
    lines.push(`${source}; ${summary.generator} conventions`);
  }
  const others = summary.posts - summary.published - summary.drafts - summary.skipped.length;
  lines.push(
    `${plural(summary.posts, 'post')}: ${summary.published} published, ${plural(summary.drafts, 'draft')}, ` +
      `${summary.skipped.length} skipped${others > 0 ? `, ${others} future or expired` : ''}`,
  );
  const repeated = summary.skipped.filter((skip) => skip.repeated).length;
  for (const skip of summary.skipped) if (!skip.repeated) lines.push(`skipped ${withKey(skip.key, skip.error)}`);
  if (repeated > 0) lines.push(`${plural(repeated, 'unchanged file')} skipped as before (--json lists them)`);
  for (const warning of summary.warnings) lines.push(`warning ${withKey(warning.key, warning.warning)}`);

  for (const error of summary.errors) {
    lines.push(`not written ${prefix}${error.key}: ${error.error} (the published version, if any, stays)`);
  }

  const changed = summary.feeds.filter((feed) => feed.changed);
  const files: string[] = [
    ...changed.map((feed) => `${dry ? 'would write' : 'wrote'} ${prefix}${feed.key} (${plural(feed.items, 'item')})`),
    ...summary.deleted.map((key) => `${dry ? 'would delete' : 'deleted'} ${prefix}${key}`),
  ];
  if (files.length === 0) {
    lines.push(dry ? 'nothing changed, no file would be written' : 'nothing changed, no file written');
  } else {
    lines.push(...files.slice(0, maxFiles));
    if (files.length > maxFiles) lines.push(`… and ${files.length - maxFiles} more (--json lists them all)`);
    const unchanged = summary.feeds.length - changed.length;
    if (unchanged > 0) lines.push(`${plural(unchanged, 'feed file')} unchanged`);
  }
  if (summary.archives) {
    const { files: total, written } = summary.archives;
    lines.push(`${plural(total, 'archive file')} (older posts, RFC 5005), ${written} ${dry ? 'to write' : 'written'}`);
  }

  if (summary.pings) lines.push(pingTally(summary.pings), ...pingFailures(summary.pings));

  const { list, get, put } = summary.requests;
  const requests = `${plural(list, 'list')}, ${plural(get, 'read')}, ${plural(put, 'write')}`;
  lines.push(`${dry ? 'dry run, nothing written' : 'done'} in ${formatDuration(summary.durationMs)} (${requests})`);
  return `${lines.join('\n')}\n`;
}

/**
 * For `--json` mode, where stdout is only the summary: skipped posts, warnings and documents not
 * written, one line each, for stderr.
 */
export function formatDiagnostics(summary: BuildSummary): string {
  return [
    ...summary.skipped.flatMap((skip) => (skip.repeated ? [] : [`feedbucket: skipped ${withKey(skip.key, skip.error)}\n`])),
    ...summary.warnings.map((warning) => `feedbucket: warning ${withKey(warning.key, warning.warning)}\n`),
    ...summary.errors.map((error) => `feedbucket: not written ${withKey(error.key, error.error)}\n`),
    ...pingFailures(summary.pings ?? []).map((line) => `feedbucket: ${line}\n`),
  ].join('');
}

/** `WebSub: 6 changed feeds announced to 1 hub`, and how many pings failed. */
function pingTally(pings: readonly PingOutcome[]): string {
  const feeds = new Set(pings.map((ping) => ping.feed)).size;
  const hubs = new Set(pings.map((ping) => ping.hub)).size;
  const failed = pings.filter((ping) => !ping.ok).length;
  return `WebSub: ${plural(feeds, 'changed feed')} announced to ${plural(hubs, 'hub')}${failed > 0 ? `; ${failed} of ${plural(pings.length, 'ping')} failed` : ''}`;
}

/** One line per hub and reason, not per feed: a hub that is down would otherwise fill the screen. */
function pingFailures(pings: readonly PingOutcome[]): string[] {
  const groups = new Map<string, { hub: string; error: string; feeds: number }>();
  for (const ping of pings) {
    if (ping.ok) continue;
    const error = ping.error ?? 'failed';
    const key = `${ping.hub}\0${error}`;
    const group = groups.get(key) ?? { hub: ping.hub, error, feeds: 0 };
    group.feeds++;
    groups.set(key, group);
  }
  return [...groups.values()].map(
    ({ hub, error, feeds }) => `ping failed: ${hub} was not told of ${plural(feeds, 'changed feed')} (${error}); their subscribers get the change at their next poll`,
  );
}

/** `0.08 s`, `1.2 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Messages usually name their file already (`a.md:3: …`); do not say it twice. */
function withKey(key: string, message: string): string {
  return key && !message.startsWith(key) ? `${key}: ${message}` : message;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
