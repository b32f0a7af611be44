/**
 * The answer for a run that finds nothing changed, from the manifest's head alone: what the
 * source listed, the first instant a post comes due or expires, and the summary such a run
 * gives. The records (every post's metadata and rendering) are neither parsed nor validated.
 */
import type { Generator } from '../model.ts';
import type { StoreEntry } from '../stores/store.ts';
import { sha256 } from '../text/hash.ts';
import type { Manifest } from './manifest.ts';
import { openJson, sealJson } from './manifest-seal.ts';
import type { ManifestHead } from './manifest-schema.ts';
import type { RecordedOutputs } from './stored-outputs.ts';
import type { BuildSummary } from './types.ts';

/** What a run that changes nothing reports, as the run that wrote the manifest foresaw it. */
export type UnchangedSummary = Pick<BuildSummary, 'published' | 'drafts' | 'skipped' | 'warnings' | 'archives'> & {
  feeds: { key: string; items: number }[];
};

/**
 * The configuration and every listed key with its ETag and problem (the whole listing, which also
 * decides the generator's conventions), in key order: the same inputs give the same digest.
 */
function sourcesDigest(config: unknown, listing: readonly StoreEntry[]): string {
  const lines = listing.map((entry) => `${entry.key}\0${entry.etag}\0${entry.problem ?? ''}`).sort();
  return sha256(`${JSON.stringify(config)}\n${lines.join('\n')}`);
}

/** The first instant after `now` at which a post comes due or expires. */
function nextChange(posts: Manifest['posts'], now: string): string | undefined {
  let first: string | undefined;
  for (const record of Object.values(posts)) {
    for (const at of [record.dueAt, record.post?.expiryDate]) {
      if (at !== undefined && at > now && (first === undefined || at < first)) first = at;
    }
  }
  return first;
}

interface UnchangedInputs {
  /** The configuration as given, before the generator's conventions: `exclude`, `limit` and all. */
  config: unknown;
  listing: readonly StoreEntry[];
  now: string;
  salt: string;
}

/** Sealed whole: the first due date is a scheduled post's, and the summary names skipped posts. */
interface OpenedState {
  sources: string;
  until?: string;
  summary: UnchangedSummary;
}

export function unchangedState(posts: Manifest['posts'], summary: UnchangedSummary, { config, listing, now, salt }: UnchangedInputs): string {
  const until = nextChange(posts, now);
  const state: OpenedState = { sources: sourcesDigest(config, listing), ...(until === undefined ? {} : { until }), summary };
  return sealJson(state, salt);
}

/**
 * What the last complete run foresaw for a run that changes nothing, if this is one as far as the
 * head tells without listing the outputs: the same settings and configuration, the same source
 * listing, no post come due or expired since.
 */
export function foreseenUnchanged(
  head: ManifestHead | undefined,
  settings: string,
  { config, listing, now, salt }: UnchangedInputs,
): ({ summary: UnchangedSummary } & RecordedOutputs) | undefined {
  if (!head || head.unchanged === undefined || head.settings !== settings) return undefined;
  const state = openJson(head.unchanged, salt);
  if (!isOpenedState(state) || (state.until !== undefined && state.until <= now)) return undefined;
  return state.sources === sourcesDigest(config, listing) ? { summary: state.summary, outputs: head.outputs, listed: head.listed } : undefined;
}

/** Sealed by us, so its shape is ours; checked as far as a seal of another feedbucket version could differ. */
function isOpenedState(value: unknown): value is OpenedState {
  if (typeof value !== 'object' || value === null) return false;
  const { sources, until, summary } = value as Record<string, unknown>;
  if (typeof sources !== 'string' || (until !== undefined && typeof until !== 'string')) return false;
  if (typeof summary !== 'object' || summary === null) return false;
  const { published, drafts, skipped, warnings, feeds } = summary as Record<string, unknown>;
  return typeof published === 'number' && typeof drafts === 'number' && [skipped, warnings, feeds].every(Array.isArray);
}

/** The whole summary of a run that `foreseenUnchanged` answered and whose stored feed files are as recorded. */
export function unchangedSummary(
  unchanged: UnchangedSummary,
  { generator, posts, requests, dryRun, durationMs }: Pick<BuildSummary, 'posts' | 'requests' | 'dryRun' | 'durationMs'> & { generator: Generator },
): BuildSummary {
  const { feeds, ...counts } = unchanged;
  return { generator, posts, ...counts, feeds: feeds.map((feed) => ({ ...feed, changed: false })), errors: [], deleted: [], requests, dryRun, durationMs };
}
