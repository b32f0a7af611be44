import type { Context } from 'aws-lambda';
import { resolveConfig } from '../src/config/resolve.ts';
import type { SiteConfig } from '../src/model.ts';
import { runBuild } from '../src/pipeline/build.ts';
import { postKeyFilter } from '../src/pipeline/post-keys.ts';
import type { BuildSummary } from '../src/pipeline/types.ts';
import { isS3Location, parseS3Location } from '../src/stores/s3-location.ts';
import { classifyEvent, type Trigger } from './events.ts';

export type HandlerResult = BuildSummary | { ignored: true; reason: string };

/**
 * Only posts start a build: our own outputs (feeds, the manifest) are never `.md`, so the
 * function's writes cannot trigger it again.
 */
function touchesPosts(objects: { bucket: string; key: string }[], config: SiteConfig): boolean {
  if (!isS3Location(config.source)) return false;
  const source = parseS3Location(config.source);
  const isPost = postKeyFilter(config.exclude);
  return objects.some(({ bucket, key }) => bucket === source.bucket && key.startsWith(source.prefix) && isPost(key.slice(source.prefix.length)));
}

function log(record: Record<string, unknown>): void {
  console.log(JSON.stringify(record));
}

/**
 * Lambda entry point: event → build request → summary. Exactly one JSON log line per invocation,
 * whatever happens: a refused event, a misconfiguration, a failed build, or a bug.
 */
export async function handler(event: unknown, context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>): Promise<HandlerResult> {
  const requestId = context.awsRequestId;
  let trigger: Trigger | undefined;
  try {
    const classified = classifyEvent(event);
    if ('error' in classified) throw new RejectedEvent(classified.error);
    trigger = classified;
    const config = resolveConfig({ env: process.env });
    if (trigger.kind === 's3' && !touchesPosts(trigger.objects, config)) {
      const reason = `no post under ${config.source} changed (outputs and other keys are ignored)`;
      log({ level: 'info', requestId, trigger: trigger.kind, ignored: true, reason });
      return { ignored: true, reason };
    }
    const manual = trigger.kind === 'manual' ? trigger : { rebuild: false, dryRun: false, allowShrink: false };
    const summary = await runBuild({
      config,
      force: manual.rebuild,
      dryRun: manual.dryRun,
      allowShrink: manual.allowShrink,
      manifestSalt: process.env.FEED_MANIFEST_SALT ?? '',
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    const { feeds, skipped, pings, ...rest } = summary;
    const changed = feeds.filter((feed) => feed.changed).map((feed) => feed.key);
    // The log keeps what an operator acts on: not the full feed list, which grows with every tag, nor
    // the files a scheduled run skips again for the reason already logged when they changed.
    const newlySkipped = skipped.filter((skip) => !skip.repeated);
    // Pings too: one per changed feed and hub; the failed ones are what to act on.
    const failedPings = pings?.filter((ping) => !ping.ok) ?? [];
    const pinged = pings === undefined ? {} : { pings: failedPings, pingsSent: pings.length };
    const level = newlySkipped.length + rest.errors.length + failedPings.length > 0 ? 'warn' : 'info';
    log({ level, requestId, trigger: trigger.kind, ...rest, ...pinged, skipped: newlySkipped, skippedAsBefore: skipped.length - newlySkipped.length, feeds: feeds.length, changed });
    return summary;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log({ level: 'error', requestId, ...(trigger ? { trigger: trigger.kind } : { message: 'rejected event' }), error: message });
    throw error;
  }
}

/** An event this function does not handle: failed, so that a misdirected invocation is seen. */
class RejectedEvent extends Error {
  override name = 'RejectedEvent';
  constructor(reason: string) {
    super(`feedbucket: ${reason}`);
  }
}
