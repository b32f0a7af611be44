/**
 * A tiny HTTP proxy on 127.0.0.1 in front of the test S3 server that can inject faults, so the
 * AWS SDK's own retry logic runs against real failures. Requests are forwarded unchanged
 * (Host header included, so SigV4 signatures still verify upstream).
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { conditionProblem } from '../../src/stores/conditions.ts';
import type { S3Timeouts } from '../../src/stores/s3.ts';
import type { WriteCondition } from '../../src/stores/store.ts';
import { startS3Server, type S3TestServer } from './s3-server.ts';

export type Fault =
  /** Answer with this status and an S3-style XML error, without forwarding. */
  | { status: number; code?: string }
  /** Destroy the connection without a response (the SDK sees ECONNRESET / socket hang up). */
  | 'drop'
  /** Close the connection with a TCP RST, without a response (the SDK sees ECONNRESET). */
  | 'reset'
  /** Never answer, never close: only the client's timeout ends the request. */
  | 'hang'
  /** Forward, but only after this delay. */
  | { delayMs: number }
  /** Forward; answer the upstream headers (its Content-Length included) and half the body, then close the connection. */
  | 'truncate'
  /** Forward; answer the upstream headers and half the body, then nothing more, never closing. */
  | 'stall'
  /** Forward; answer the upstream response with one byte of the body changed (same length). */
  | 'corrupt'
  /** Forward (so the write is applied upstream), then answer this status instead of the upstream's answer. */
  | { appliedThenStatus: number };

export interface FaultRule {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Decoded path (`/bucket/key`): a string must match exactly, a RegExp is tested. Any when omitted. */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1, `Infinity` for a persistent fault. */
  times?: number;
  /** How many matching requests pass unharmed first: with no method or path, the fault lands at that request position. */
  after?: number;
  fault: Fault;
}

export interface ProxiedRequest {
  method: string;
  /** Decoded path, without the query string. */
  path: string;
  query: string;
  /** The status the client saw, or `'dropped'`. */
  outcome: number | 'dropped';
  injected: boolean;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: give it to the S3 client as its endpoint. */
  readonly endpoint: string;
  /** Every request seen, in arrival order. */
  readonly requests: ProxiedRequest[];
  inject(rule: FaultRule): void;
  /** Shorthand: the next `times` requests matching `match` get `status`. */
  failNext(times: number, match?: Pick<FaultRule, 'method' | 'path'>, status?: number): void;
  /** Shorthand: the next `times` requests matching `match` lose their connection. */
  dropNext(times: number, match?: Pick<FaultRule, 'method' | 'path'>): void;
  /** Removes every pending fault and forgets the request log. */
  reset(): void;
  stop(): Promise<void>;
}

const ERROR_CODES: Record<number, string> = {
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

/** The current ETag of the object at a proxied path (`/bucket/key`), undefined when there is none. */
export type TagLookup = (path: string) => Promise<string | undefined>;

/**
 * With `tagOf`, PUTs carrying `If-Match` / `If-None-Match: *` are decided here as S3 decides them
 * (the test server ignores both): one write per key at a time, 412 when the condition fails.
 */
export async function startFaultProxy(target: string, { tagOf }: { tagOf?: TagLookup } = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Array<FaultRule & { remaining: number; passed: number }> = [];
  const requests: ProxiedRequest[] = [];
  const writing = new Map<string, Promise<void>>();

  /** Runs `write` once the earlier writes to `path` have been answered; `write` resolves when its own answer is sent. */
  const oneWriteAtATime = (path: string, write: () => Promise<void>) => {
    const turn = (writing.get(path) ?? Promise.resolve()).then(write, write);
    writing.set(path, turn);
  };

  const conditionalPut = (req: IncomingMessage, res: ServerResponse, path: string, record: ProxiedRequest, condition: WriteCondition, answer?: Answer) =>
    oneWriteAtATime(path, async () => {
      const finished = new Promise<void>((resolve) => res.once('close', resolve));
      const refuse = (status: number, code: string) => {
        record.outcome = status;
        req.resume();
        req.on('end', () => respondWithError(res, 'PUT', status, code));
      };
      const tag = await tagOf!(path).then(
        (current) => ({ current }),
        () => undefined,
      );
      const problem = tag && conditionProblem(condition, tag.current);
      if (tag === undefined) refuse(500, 'InternalError');
      else if (problem === undefined) forwardRequest(req, res, upstream, record, answer);
      else if ('ifMatch' in condition && tag.current === undefined) refuse(404, 'NoSuchKey');
      else refuse(412, 'PreconditionFailed');
      await finished;
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    const decodedPath = safeDecode(url.pathname);
    const record: ProxiedRequest = { method, path: decodedPath, query: url.search, outcome: 0, injected: false };
    requests.push(record);

    const matching = rules.filter((r) => r.remaining > 0 && matches(r, method, decodedPath));
    for (const r of matching) r.passed++;
    const rule = matching.find((r) => r.passed > (r.after ?? 0));
    if (rule) rule.remaining--;
    const fault = rule?.fault;

    if (fault) record.injected = true;
    if (fault === 'drop' || fault === 'reset' || fault === 'hang') {
      record.outcome = 'dropped';
      if (fault === 'drop') req.socket.destroy();
      else if (fault === 'reset') req.socket.resetAndDestroy();
      else req.resume(); // read the upload, answer nothing
      return;
    }
    if (typeof fault === 'object' && 'status' in fault) {
      record.outcome = fault.status;
      // read the body first so the client is not cut off mid-upload
      req.resume();
      req.on('end', () => respondWithError(res, method, fault.status, fault.code));
      return;
    }
    if (typeof fault === 'object' && 'delayMs' in fault) {
      setTimeout(() => forwardRequest(req, res, upstream, record), fault.delayMs);
      return;
    }
    const answer = fault && answerFor(fault, method, record);
    const condition = tagOf && method === 'PUT' ? writeCondition(req.headers) : undefined;
    if (condition) conditionalPut(req, res, decodedPath, record, condition, answer);
    else forwardRequest(req, res, upstream, record, answer);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const inject = (rule: FaultRule) => {
    rules.push({ ...rule, remaining: rule.times ?? 1, passed: 0 });
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    inject,
    failNext(times, match = {}, status = 503) {
      inject({ ...match, times, fault: { status } });
    },
    dropNext(times, match = {}) {
      inject({ ...match, times, fault: 'drop' });
    },
    reset() {
      rules.length = 0;
      requests.length = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface FaultyS3 {
  server: S3TestServer;
  proxy: FaultProxy;
  /** A client that sends through the proxy. */
  viaProxy: S3Client;
  /** A client that sends straight to the server, to set up and read back behind the engine's back. */
  direct: S3Client;
}

/**
 * For one test file: the S3 test server holding `bucket` with the fault proxy in front of it,
 * started before the tests and stopped after them; faults and the request log are cleared after
 * each test. The fields are set once `beforeAll` has run.
 */
export function useFaultyS3(bucket: string, { timeouts }: { timeouts?: Partial<S3Timeouts> } = {}): FaultyS3 {
  const s3 = {} as FaultyS3;
  beforeAll(async () => {
    s3.server = await startS3Server({ buckets: [bucket] });
    s3.direct = s3.server.client();
    s3.proxy = await startFaultProxy(s3.server.endpoint, { tagOf: headTag(s3.direct) });
    s3.viaProxy = s3.server.client({ endpoint: s3.proxy.endpoint, ...(timeouts ? { timeouts } : {}) });
  });
  afterEach(() => s3.proxy.reset());
  afterAll(async () => {
    s3.viaProxy?.destroy();
    s3.direct?.destroy();
    await s3.proxy?.stop();
    await s3.server?.stop();
  });
  return s3;
}

function writeCondition(headers: IncomingHttpHeaders): WriteCondition | undefined {
  if (headers['if-none-match'] === '*') return { ifNoneMatch: '*' };
  const ifMatch = headers['if-match'];
  return ifMatch === undefined ? undefined : { ifMatch };
}

/** The ETag S3 would compare, read straight from the server. */
export function headTag(client: S3Client): TagLookup {
  return async (path) => {
    const [bucket, ...key] = path.slice(1).split('/');
    try {
      return (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key.join('/') }))).ETag;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  };
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
}

function respondWithError(res: ServerResponse, method: string, status: number, code?: string): void {
  const errorCode = code ?? ERROR_CODES[status] ?? 'InjectedFault';
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${errorCode}</Code><Message>injected by the fault proxy</Message>` +
    '<RequestId>fault-proxy</RequestId></Error>';
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(method === 'HEAD' ? undefined : body);
}

/** How a fault that forwards answers the client, from the upstream's whole response. */
type Answer = (res: ServerResponse, status: number, headers: IncomingHttpHeaders, body: Buffer) => void;

function answerFor(fault: 'truncate' | 'stall' | 'corrupt' | { appliedThenStatus: number }, method: string, record: ProxiedRequest): Answer {
  if (typeof fault === 'object') {
    return (res) => {
      record.outcome = fault.appliedThenStatus;
      respondWithError(res, method, fault.appliedThenStatus);
    };
  }
  return (res, status, headers, body) => {
    res.writeHead(status, headers); // the Content-Length of the whole body
    if (fault === 'corrupt') {
      const changed = Buffer.from(body);
      const middle = changed.length >> 1;
      if (changed.length > 0) changed[middle] = changed[middle]! ^ 0x20;
      res.end(changed);
      return;
    }
    // once the half is on the wire: destroying first would discard it, headers included
    res.write(body.subarray(0, body.length >> 1), () => {
      if (fault === 'truncate') res.socket?.destroy();
    });
  };
}

function forwardRequest(req: IncomingMessage, res: ServerResponse, upstream: URL, record: ProxiedRequest, answer?: Answer): void {
  const outgoing = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (incoming) => {
      const status = incoming.statusCode ?? 502;
      record.outcome = status;
      if (!answer) {
        res.writeHead(status, incoming.headers);
        incoming.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => answer(res, status, incoming.headers, Buffer.concat(chunks)));
    },
  );
  outgoing.on('error', () => {
    record.outcome = 502;
    if (!res.headersSent) respondWithError(res, req.method ?? 'GET', 502);
    else res.destroy();
  });
  req.pipe(outgoing);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
