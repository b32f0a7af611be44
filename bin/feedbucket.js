#!/usr/bin/env node
// Runs the CLI as built by `npm ci` / `npm install` (the `prepare` script: scripts/build.mjs --cli).
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps the compiled bundle in a cache (in the OS temp folder): later starts skip compiling it.
module.enableCompileCache?.();
const built = new URL('../dist/cli/index.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('feedbucket: the CLI is not built (dist/cli/index.mjs is missing); run `npm run build:cli` in the feedbucket folder\n');
  process.exit(1);
}
const { main } = await import(built.href);
await main();
