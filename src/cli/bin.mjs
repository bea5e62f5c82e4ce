#!/usr/bin/env node
// `npx packetpath …` from the repo root, with no build step: tsx loads the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
