/**
 * WebSub publish pings: after a build, each hub is told of each feed whose bytes changed
 * (`hub.mode=publish`, `hub.url=<feed URL>`, the form hubs such as Google's and Superfeedr's take),
 * so that subscribers get it at once instead of at their next poll. A ping that fails is
 * reported, never thrown: the feeds are published either way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { PingOptions, PingOutcome } from './types.ts';

/** At most about 17 s per ping, four at a time: a slow or briefly failing hub gets a second and a third chance. */
export const DEFAULT_PING_OPTIONS: PingOptions = { timeoutMs: 5_000, attempts: 3, backoffMs: 500 };

const CONCURRENT_PINGS = 4;

/** Left after the last attempt for the function to log and return its summary before Lambda stops it. */
const DEADLINE_RESERVE_MS = 2_000;

type Options = PingOptions & { remainingMs?: (() => number) | undefined };

/**
 * Each hub told of each feed, in the order given; `remainingMs` (Lambda) stops attempts that could
 * outlast the deadline. A hub that failed one ping to the last attempt is sent no more: with a
 * full rebuild's hundreds of feeds, a hub that is down would otherwise hold the build for minutes.
 */
export async function pingHubs(hubs: readonly string[], feeds: readonly string[], options: Options): Promise<PingOutcome[]> {
  const limit = pLimit(CONCURRENT_PINGS);
  const down = new Map<string, string>();
  return Promise.all(feeds.flatMap((feed) => hubs.map((hub) => limit(() => ping(hub, feed, { ...options, down })))));
}

/** `unreachable`: the hub's address itself is wrong (moved, gone, forbidden), whatever the feed. */
type Attempt = { ok: true } | { ok: false; error: string; retry: boolean; unreachable?: true };

/** Answers about the hub's address, not the feed: every other ping to it would get the same. */
const WRONG_ADDRESS = new Set([401, 403, 404, 405, 410]);

/** `down`: hubs that failed a ping to its last attempt, with the reason. */
async function ping(hub: string, feed: string, options: Options & { down: Map<string, string> }, attempt = 1, previous?: string): Promise<PingOutcome> {
  const wait = attempt === 1 ? 0 : options.backoffMs * 2 ** (attempt - 2);
  const left = options.remainingMs?.();
  const stop = left !== undefined && left < wait + options.timeoutMs + DEADLINE_RESERVE_MS ? 'the deadline is near' : options.down.has(hub) ? `it failed an earlier ping (${options.down.get(hub)})` : undefined;
  if (stop !== undefined) {
    return { hub, feed, ok: false, attempts: attempt - 1, error: previous === undefined ? `not sent: ${stop}` : `${previous}; not tried again: ${stop}` };
  }
  if (wait > 0) await sleep(wait);
  const result = await post(hub, feed, options.timeoutMs);
  if (result.ok) return { hub, feed, ok: true, attempts: attempt };
  if (result.unreachable || (result.retry && attempt >= options.attempts)) options.down.set(hub, result.error);
  if (!result.retry || attempt >= options.attempts) return { hub, feed, ok: false, attempts: attempt, error: result.error };
  return ping(hub, feed, options, attempt + 1, result.error);
}

/** One POST; a hub that refuses the request (4xx but 429) would refuse it again, anything else may pass next time. */
async function post(hub: string, feed: string, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetch(hub, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feed }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
      // A followed redirect turns the POST into a GET without the form: the hub would not be told,
      // and a hub could send the function's request anywhere.
      redirect: 'manual',
    });
    // The answer's body says nothing we act on; cancelling it frees the connection.
    await response.body?.cancel();
    if (response.ok) return { ok: true };
    const error = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const moved = response.headers.get('location');
    if (moved !== null) return { ok: false, error: `${error} to ${moved}; set hub to the address it moved to`, retry: false, unreachable: true };
    if (WRONG_ADDRESS.has(response.status)) return { ok: false, error, retry: false, unreachable: true };
    return { ok: false, error, retry: response.status >= 500 || response.status === 429 };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return { ok: false, error: `no answer within ${timeoutMs} ms`, retry: true };
    return { ok: false, error: networkProblem(error), retry: true };
  }
}

/** fetch says only "fetch failed"; its cause says what: `ECONNREFUSED`, a DNS failure, a TLS error. */
function networkProblem(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}
