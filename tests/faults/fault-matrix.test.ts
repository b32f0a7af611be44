/**
 * The fault matrix: a realistic incremental build on S3 (tests/faults/scenario.ts) with one fault
 * from the fault proxy at each of its request positions, for each kind of fault, and with
 * persistent faults on one key; the SDK's own retries run. Before each point the output prefix is
 * put back to the state published before the change. After the faulted run (which may succeed or
 * fail) every document parses, nothing is emptied or lost, and the next clean run publishes
 * exactly what a fresh build of the same posts publishes, after which a further run writes nothing.
 *
 * The default run is a deterministic subset: every kind at the first request of each role, the
 * kinds whose request lands at every position, each persistent target and kind at least once;
 * `FAULT_MATRIX=full npx vitest run tests/faults` runs every point.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildError, StoreError } from '../../src/errors.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import type { BuildSummary } from '../../src/pipeline/types.ts';
import { createS3Store } from '../../src/stores/s3.ts';
import { answered, deleteObjects, MANIFEST, postText, putObjects, readFeedSet, snapshot } from '../integration/s3-helpers.ts';
import { useFaultyS3, type Fault, type FaultProxy, type ProxiedRequest } from '../support/fault-proxy.ts';
import {
  expectEachFileOldOrNew,
  expectNothingLost,
  expectSameFeeds,
  expectWholeDocuments,
  feedTexts,
  mainItemCounts,
  readOut,
  restore,
  type Objects,
} from './out-state.ts';
import { CHANGE, EDITED, EDITED_BEFORE, NOW, POSTS_BEFORE, operationOf, plannedRequests, siteConfig, type Role } from './scenario.ts';

const BUCKET = 'feedbucket-fault-matrix';
const SOURCE = 'posts/';
const OUT = 'public/';
const FRESH = 'fresh/';
/** Short, so a hang costs a second; long enough for any answer of the local server under load. */
const TIMEOUTS = { connectMs: 500, requestMs: 1_000 };
const FULL = process.env.FAULT_MATRIX === 'full';

const s3 = useFaultyS3(BUCKET, { timeouts: TIMEOUTS });
const config = siteConfig(BUCKET, SOURCE, OUT);
const plan = await plannedRequests(config);

// ---------------------------------------------------------------- the points

type Operation = 'LIST' | 'GET' | 'PUT' | 'DELETE';

interface Kind {
  name: string;
  fault: Fault;
  /**
   * Where the fault means something: a write's answer has no body to cut short (the SDK reads
   * the truncated answer as a whole success), and a read applied then answered 500 is a 500.
   */
  on: readonly Operation[];
  /** The request reaches S3 and is carried out; only its answer is lost. */
  lands?: boolean;
}

const READS: readonly Operation[] = ['LIST', 'GET'];
const ALL: readonly Operation[] = ['LIST', 'GET', 'PUT', 'DELETE'];

const KINDS: Kind[] = [
  { name: '503 SlowDown', fault: { status: 503, code: 'SlowDown' }, on: ALL },
  { name: '500', fault: { status: 500 }, on: ALL },
  { name: 'reset', fault: 'reset', on: ALL },
  { name: 'hang', fault: 'hang', on: ALL },
  { name: 'dropped connection', fault: 'drop', on: ALL },
  { name: 'truncated body', fault: 'truncate', on: READS, lands: true },
  { name: 'stalled body', fault: 'stall', on: READS, lands: true },
  // TLS keeps a listing whole on the way; a body can still differ from what was stored (its MD5 says so)
  { name: 'corrupted body', fault: 'corrupt', on: ['GET'], lands: true },
  { name: 'write applied then 500', fault: { appliedThenStatus: 500 }, on: ['PUT', 'DELETE'], lands: true },
];
const applies = (kind: Kind, operation: string) => kind.on.includes(operation as Operation);
const firstOfRole = new Set(plan.map((request) => plan.find((other) => other.role === request.role)!));

interface PositionPoint {
  name: string;
  position: number;
  kind: Kind;
  ci: boolean;
}

const positionPoints: PositionPoint[] = plan.flatMap((request, position) =>
  KINDS.filter((kind) => applies(kind, operationOf(request.role))).map((kind) => ({
    name: `position ${position} of ${plan.length} (${request.role}): ${kind.name}`,
    position,
    kind,
    // the default run: every kind at the first request of each role; the kinds that land, everywhere
    ci: firstOfRole.has(request) || kind.lands === true,
  })),
);

/** `outcome`: what a run that meets the fault every time may do besides failing cleanly (see `expectPersistent`). */
interface Target {
  name: string;
  method: 'GET' | 'PUT';
  /** Under its prefix. */
  key: string;
  prefix: string;
  outcome: 'skips the post' | 'writes nothing' | 'writes whole files';
  /** The kinds the default run puts here: each kind and each target at least once. */
  ci: string[];
}

const TARGETS: Target[] = [
  { name: `the GET of ${EDITED.key} (edited)`, method: 'GET', key: EDITED.key, prefix: SOURCE, outcome: 'skips the post', ci: ['hang', 'truncated body'] },
  { name: 'the GET of the manifest', method: 'GET', key: MANIFEST, prefix: OUT, outcome: 'writes nothing', ci: ['500', 'reset'] },
  { name: 'the PUT of rss.xml', method: 'PUT', key: 'rss.xml', prefix: OUT, outcome: 'writes whole files', ci: ['503 SlowDown'] },
  { name: 'the PUT of the manifest', method: 'PUT', key: MANIFEST, prefix: OUT, outcome: 'writes whole files', ci: ['write applied then 500'] },
];

interface PersistentPoint {
  name: string;
  target: Target;
  kind: Kind;
  ci: boolean;
}

const persistentPoints: PersistentPoint[] = TARGETS.flatMap((target) =>
  KINDS.filter((kind) => applies(kind, target.method)).map((kind) => ({
    name: `${target.name}: ${kind.name}, every time`,
    target,
    kind,
    ci: target.ci.includes(kind.name),
  })),
);

const total = positionPoints.length + persistentPoints.length;
const chosen = <P extends { ci: boolean }>(points: P[]) => points.filter((point) => FULL || point.ci);
const runPositions = chosen(positionPoints);
const runPersistent = chosen(persistentPoints);
const selected = runPositions.length + runPersistent.length;
const mode = FULL ? 'full matrix' : 'default subset; FAULT_MATRIX=full runs all';

// ---------------------------------------------------------------- builds and states

/** As published before the change, and as a fresh build of the changed posts publishes. */
let before: Objects;
let fresh: Objects;
let wanted: Map<string, string>;

function build(client: S3Client): Promise<BuildSummary> {
  return runBuild({
    config,
    now: NOW,
    stores: {
      source: createS3Store({ bucket: BUCKET, prefix: SOURCE, client }),
      out: createS3Store({ bucket: BUCKET, prefix: OUT, client }),
    },
  });
}

beforeAll(async () => {
  await putObjects(s3.direct, BUCKET, POSTS_BEFORE.map((post) => [SOURCE + post.key, postText(post)] as const));
  await build(s3.direct);
  before = await snapshot(s3.direct, BUCKET, OUT);
  await putObjects(s3.direct, BUCKET, CHANGE.put.map(([key, text]) => [SOURCE + key, text] as const));
  await deleteObjects(s3.direct, BUCKET, CHANGE.delete.map((key) => SOURCE + key));
  await runBuild({
    config,
    now: NOW,
    stores: {
      source: createS3Store({ bucket: BUCKET, prefix: SOURCE, client: s3.direct }),
      out: createS3Store({ bucket: BUCKET, prefix: FRESH, client: s3.direct }),
    },
  });
  fresh = await snapshot(s3.direct, BUCKET, FRESH);
  wanted = feedTexts(fresh);
  // Later reads take these two states' documents by ETag, unread: they are checked here.
  expectWholeDocuments(before, 'as published before');
  expectWholeDocuments(fresh, 'a fresh build');
});

/** What a faulted run left, and how it ended. */
interface Faulted {
  summary?: BuildSummary;
  error?: unknown;
  requests: ProxiedRequest[];
  after: Objects;
  where: string;
}

const stats = { runs: 0, ms: 0, failed: [] as string[] };

/**
 * One fault point: the published state put back, the fault injected, a faulted run (a fresh
 * client, as a new process has), the checks every point must pass and `check`'s, then the
 * clean run that must converge.
 */
async function faultPoint(name: string, inject: (proxy: FaultProxy) => void, check: (faulted: Faulted) => void): Promise<void> {
  const started = performance.now();
  await restore(s3.direct, BUCKET, OUT, before);
  const client = s3.server.client({ endpoint: s3.proxy.endpoint, timeouts: TIMEOUTS });
  try {
    s3.proxy.reset();
    inject(s3.proxy);
    const outcome = await build(client).then(
      (summary) => ({ summary }),
      (error: unknown) => ({ error }),
    );
    const requests = [...s3.proxy.requests];
    s3.proxy.reset();
    const hit = requests.find((request) => request.injected);
    const where = `${name} [hit ${hit ? `${hit.method} ${hit.path}${hit.query}` : 'nothing'}]`;
    const faulted: Faulted = { ...outcome, requests, after: await readOut(s3.direct, BUCKET, OUT, [before, fresh]), where };
    stats.runs++;
    if ('error' in outcome) stats.failed.push(`${name}: ${String(outcome.error).split('\n')[0]!.slice(0, 200)}`);

    expect(hit, `${where}: the fault was injected`).toBeDefined();
    if ('error' in outcome) {
      const error = outcome.error;
      expect(error instanceof StoreError || error instanceof BuildError, `${where}: the run failed with ${String(error)}`).toBe(true);
    }
    expectWholeDocuments(faulted.after, where);
    expectNothingLost(faulted.after, before, wanted, where);
    check(faulted);

    await expectConverges(client, where);
  } finally {
    client.destroy();
    stats.ms += performance.now() - started;
  }
}

/** A clean run publishes exactly a fresh build; the run after it writes nothing. */
async function expectConverges(client: S3Client, where: string): Promise<void> {
  const clean = await build(client);
  expect(clean.skipped, `${where}, then a clean run: skipped`).toEqual([]);
  const converged = await readOut(s3.direct, BUCKET, OUT, [before, fresh]);
  expectWholeDocuments(converged, `${where}, then a clean run`);
  expectSameFeeds(converged, wanted, `${where}, then a clean run`);
  const settled = await build(client);
  expect(settled.requests, `${where}, then a clean run, then another`).toMatchObject({ put: 0, delete: 0 });
}

const wireOperation = (request: ProxiedRequest) => (request.method === 'GET' && /[?&]list-type=2(&|$)/.test(request.query) ? 'LIST' : request.method);
const wireTarget = (request: ProxiedRequest) =>
  wireOperation(request) === 'LIST' ? decodeURIComponent(/[?&]prefix=([^&]*)/.exec(request.query)?.[1] ?? '') : request.path.slice(BUCKET.length + 2);

// ---------------------------------------------------------------- the matrix

describe(`fault matrix: ${total} fault points (${positionPoints.length} at the ${plan.length} request positions, ${persistentPoints.length} persistent); this run: ${selected} (${mode})`, () => {
  afterAll(() => {
    console.log(
      `fault matrix: ${total} fault points in all (${positionPoints.length} at ${plan.length} request positions × kinds, ` +
        `${persistentPoints.length} persistent); ran ${stats.runs} (${mode}) in ${(stats.ms / 1000).toFixed(1)} s; ` +
        `${stats.failed.length} faulted runs failed (allowed), the others succeeded${stats.failed.map((line) => `\n  ${line}`).join('')}`,
    );
  });

  it(`the probe: a clean run of the change makes the ${plan.length} planned requests, then publishes exactly a fresh build`, async () => {
    expect(mainItemCounts(before)).toEqual({ rss: 20, atom: 20, json: 20 });
    expect(readFeedSet(before, 'tags/farewell/').json).toHaveLength(1);
    for (const items of Object.values(readFeedSet(fresh, ''))) expect(items[0]?.title).toBe('Post 26');

    await restore(s3.direct, BUCKET, OUT, before);
    const client = s3.server.client({ endpoint: s3.proxy.endpoint, timeouts: TIMEOUTS });
    try {
      s3.proxy.reset();
      await build(client);
      const wire = answered(s3.proxy.requests);
      const prefixOf = (role: Role) => (role === 'LIST posts' || role === 'GET post' ? SOURCE : OUT);
      expect(wire.map(wireOperation)).toEqual(plan.map((request) => operationOf(request.role)));
      expect(wire.map((request) => `${wireOperation(request)} ${wireTarget(request)}`).sort()).toEqual(
        plan.map((request) => `${operationOf(request.role)} ${prefixOf(request.role)}${request.key}`).sort(),
      );
      await expectConverges(client, 'the probe');
    } finally {
      client.destroy();
    }
  });

  describe('one fault at one request position', () => {
    for (const { name, position, kind } of runPositions) {
      it(name, () =>
        faultPoint(
          name,
          (proxy) => proxy.inject({ after: position, fault: kind.fault }),
          ({ error, after, requests, where }) => {
            expect(requests.filter((request) => request.injected), `${where}: faults injected`).toHaveLength(1);
            // One fault is retried away: the run still publishes.
            expect(error, `${where}: the run failed`).toBeUndefined();
            // Every write replaces a whole object: a file is as it was, or as it must become.
            expectEachFileOldOrNew(after, before, wanted, where);
          },
        ),
      );
    }
  });

  describe('a persistent fault on one key', () => {
    for (const { name, target, kind } of runPersistent) {
      it(name, () =>
        faultPoint(
          name,
          (proxy) => proxy.inject({ method: target.method, path: `/${BUCKET}/${target.prefix}${target.key}`, times: Infinity, fault: kind.fault }),
          (faulted) => expectPersistent(target, kind, faulted),
        ),
      );
    }
  });
});

/** What each persistent fault may leave, beyond what every point checks. */
function expectPersistent(target: Target, kind: Kind, { summary, error, requests, after, where }: Faulted): void {
  switch (target.outcome) {
    case 'skips the post':
      // or a failed run: then the checks of every point suffice
      if (summary) {
        expect(summary.skipped.map((skip) => skip.key), where).toEqual([target.key]);
        expect(summary.skipped[0]?.error, where).toMatch(/could not be read/);
        const titles = readFeedSet(after, '').json.map((item) => item.title);
        expect(titles, `${where}: its last good version`).toContain(EDITED_BEFORE.title);
        expect(titles, `${where}: its new version`).not.toContain(EDITED.title);
      }
      return;
    case 'writes nothing':
      // Without the manifest a run cannot tell what it published before.
      expect(error, `${where}: the run fails`).toBeInstanceOf(StoreError);
      expect(String(error), where).toContain(target.key);
      expect(requests.filter((request) => ['PUT', 'DELETE'].includes(request.method)), `${where}: writes`).toEqual([]);
      expectSameFeeds(after, feedTexts(before), `${where}: out`);
      return;
    case 'writes whole files':
      expectEachFileOldOrNew(after, before, wanted, where);
      if (error) expect(String(error), where).toContain(target.key);
      if (kind.lands) return; // applied each time, only the answers lost: a run may see that and succeed
      // It never lands: the run cannot succeed, and the key keeps its old bytes.
      expect(error, `${where}: the run fails`).toBeInstanceOf(StoreError);
      expect(after.get(target.key)?.body, `${where}: ${target.key}`).toBe(before.get(target.key)?.body);
  }
}
