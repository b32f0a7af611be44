#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources: no build step, works from a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
