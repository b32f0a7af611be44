/**
 * A tiny HTTP proxy on 127.0.0.1 in front of the test S3 server that can inject faults, so the
 * AWS SDK's own retry logic runs against real failures. Requests are forwarded unchanged
 * (Host header included, so SigV4 signatures still verify upstream).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Answer with this status and an S3-style XML error, without forwarding. */
  | { status: number; code?: string }
  /** Destroy the connection without a response (the SDK sees ECONNRESET / socket hang up). */
  | 'drop'
  /** Forward, but only after this delay. */
  | { delayMs: number };

export interface FaultRule {
  /** Upper-case HTTP method; any when omitted. */
  method?: string;
  /** Decoded path (`/bucket/key`): a string must match exactly, a RegExp is tested. Any when omitted. */
  path?: string | RegExp;
  /** How many matching requests get the fault; default 1, `Infinity` for a persistent fault. */
  times?: number;
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

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Array<FaultRule & { remaining: number }> = [];
  const requests: ProxiedRequest[] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const method = req.method ?? 'GET';
    const decodedPath = safeDecode(url.pathname);
    const record: ProxiedRequest = { method, path: decodedPath, query: url.search, outcome: 0, injected: false };
    requests.push(record);

    const rule = rules.find((r) => r.remaining > 0 && matches(r, method, decodedPath));
    if (rule) rule.remaining--;
    const fault = rule?.fault;

    if (fault === 'drop') {
      record.outcome = 'dropped';
      record.injected = true;
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      record.outcome = fault.status;
      record.injected = true;
      // read the body first so the client is not cut off mid-upload
      req.resume();
      req.on('end', () => respondWithError(res, method, fault.status, fault.code));
      return;
    }
    const forward = () => {
      forwardRequest(req, res, upstream, record);
    };
    if (fault && 'delayMs' in fault) {
      record.injected = true;
      setTimeout(forward, fault.delayMs);
    } else {
      forward();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const inject = (rule: FaultRule) => {
    rules.push({ ...rule, remaining: rule.times ?? 1 });
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

function forwardRequest(req: IncomingMessage, res: ServerResponse, upstream: URL, record: ProxiedRequest): void {
  const outgoing = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    },
    (incoming) => {
      record.outcome = incoming.statusCode ?? 0;
      res.writeHead(incoming.statusCode ?? 502, incoming.headers);
      incoming.pipe(res);
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
