/** The test S3 server helper itself (its pagination is checked in s3.test.ts): no server outlives its test process. */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startS3Server } from '../support/s3-server.ts';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilClosed(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!(await accepts(port))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('startS3Server', () => {
  it('creates buckets on demand and exposes the environment for the default client', async () => {
    const server = await startS3Server();
    try {
      await server.createBucket('made-later');
      expect(server.env).toMatchObject({ AWS_ENDPOINT_URL_S3: server.endpoint, S3_FORCE_PATH_STYLE: 'true' });
      const restore = server.applyEnv();
      expect(process.env.AWS_ENDPOINT_URL_S3).toBe(server.endpoint);
      restore();
      expect(process.env.AWS_ENDPOINT_URL_S3).not.toBe(server.endpoint);
    } finally {
      await server.stop();
    }
    expect(await accepts(server.port)).toBe(false);
    await server.stop(); // idempotent
  });

  it('does not outlive a test process that is killed without cleaning up', async () => {
    const script = `import('./tests/support/s3-server.ts').then(async (m) => {
      const s = await m.startS3Server();
      console.log(s.port);
      setInterval(() => {}, 1000);
    });`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout! }).once('line', resolve);
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      const port = Number(line);
      expect(await accepts(port)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitUntilClosed(port, 5_000)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
