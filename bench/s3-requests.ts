/**
 * The requests a run makes against a local S3-protocol server (the test server), counted by the
 * CLI's own summary: what an incremental run costs on S3, where every request is billed.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { putObjects } from '../tests/integration/s3-helpers.ts';
import { newestPublished } from './corpus.ts';
import { startS3Server } from '../tests/support/s3-server.ts';

const BUCKET = 'feedbucket-bench';

export interface S3Row {
  name: string;
  requests: { list: number; get: number; put: number; delete: number };
  written: number;
  holds: boolean;
}

interface Summary {
  requests: S3Row['requests'];
  feeds: { changed: boolean }[];
}

export async function s3Requests(source: string, bin: string): Promise<S3Row[]> {
  const server = await startS3Server({ buckets: [BUCKET] });
  const client = server.client();
  try {
    const files = readdirSync(source, { recursive: true }).map(String).filter((name) => name.endsWith('.md'));
    const keyOf = (file: string) => `posts/${file.split(sep).join('/')}`;
    await putObjects(client, BUCKET, files.map((file) => [keyOf(file), readFileSync(join(source, file), 'utf8')] as const));
    const build = (): Summary =>
      JSON.parse(
        execFileSync(process.execPath, [bin, 'build', '--source', `s3://${BUCKET}/posts/`, '--out', `s3://${BUCKET}/public/`, '--site-url', 'https://example.com/', '--title', 'Bench', '--json'], {
          encoding: 'utf8',
          env: { ...process.env, ...server.env },
          maxBuffer: 64 * 1024 * 1024,
        }),
      ) as Summary;
    build();
    const pages = Math.ceil(files.length / 1000);
    const unchanged = build();
    const first = newestPublished(files.length);
    await putObjects(client, BUCKET, [[keyOf(first), `${readFileSync(join(source, first), 'utf8')}\nEdited on S3.\n`]]);
    const edited = build();
    const written = (summary: Summary) => summary.feeds.filter((feed) => feed.changed).length;
    return [
      {
        name: 'no change',
        requests: unchanged.requests,
        written: written(unchanged),
        holds: unchanged.requests.list <= pages + 1 && unchanged.requests.get === 1 && unchanged.requests.put === 0,
      },
      {
        name: `one post edited (${relative('.', first)})`,
        requests: edited.requests,
        written: written(edited),
        // the edited post, the manifest; only the documents that changed, and the manifest
        holds: edited.requests.list <= pages + 1 && edited.requests.get === 2 && edited.requests.put === written(edited) + 1,
      },
    ];
  } finally {
    client.destroy();
    await server.stop();
  }
}
