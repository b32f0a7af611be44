/**
 * A WebSub hub on 127.0.0.1 for the tests: it records every POST (its form decoded) and answers
 * each path by a script, per feed, so that a test can say "500, then 204" or "never answers".
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a path answers to its 1st, 2nd, … request about one feed (the last answer repeats); `silent` never answers; a 3xx sends to `/landing`. */
export type HubScript = (number | 'silent')[];

export interface ReceivedPing {
  path: string;
  contentType: string | undefined;
  mode: string | null;
  /** `hub.url`: the feed the hub is told of. */
  topic: string | null;
}

export interface TestHub {
  url(path: string): string;
  received: ReceivedPing[];
  /** Forget what was received and answered. */
  reset(): void;
  stop(): Promise<void>;
}

/** Paths without a script answer 400. */
export async function startHub(scripts: Readonly<Record<string, HubScript>>): Promise<TestHub> {
  const received: ReceivedPing[] = [];
  const answered = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const path = request.url ?? '';
      received.push({ path, contentType: request.headers['content-type'], mode: form.get('hub.mode'), topic: form.get('hub.url') });
      const script = scripts[path] ?? [400];
      const seen = `${path} ${form.get('hub.url')}`;
      const count = answered.get(seen) ?? 0;
      answered.set(seen, count + 1);
      const answer = script[Math.min(count, script.length - 1)] ?? 400;
      // A redirect points at a page that would take a GET, as a moved hub's might.
      if (answer !== 'silent') response.writeHead(answer, answer >= 300 && answer < 400 ? { location: '/landing' } : {}).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    received,
    reset() {
      received.length = 0;
      answered.clear();
    },
    async stop() {
      // Requests a silent path holds would keep the server open.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
