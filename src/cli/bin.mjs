#!/usr/bin/env node
// `npx packetpath …` from the repo root, with no build step: tsx (a dependency, not a devDependency: the CLI needs it
// at run time, and src/cli/install.test.ts runs the CLI from `npm install --omit=dev`) loads the TypeScript sources.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch (err) {
  process.stderr.write(`packetpath: cannot load tsx, which runs the TypeScript sources (${err.message.split('\n')[0]}); run \`npm install\` first\n`);
  process.exit(1);
}
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
