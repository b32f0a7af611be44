/**
 * bin/feedbucket.js runs the built CLI (dist/cli/), which `npm ci` builds once: built again here
 * so that the tests that start it run the sources as they are now.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildCli(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build.mjs', '--cli', '--quiet'], { cwd: root, stdio: 'inherit' });
}
