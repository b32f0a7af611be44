#!/usr/bin/env node
// Runs the CLI as built by `npm ci` / `npm install` (the `prepare` script: scripts/build.mjs --cli).
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli/index.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('feedbucket: the CLI is not built (dist/cli/index.mjs is missing); run `npm run build:cli` in the feedbucket folder\n');
  process.exit(1);
}
const { main } = await import(built.href);
await main();
