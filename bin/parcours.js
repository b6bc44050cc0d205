#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping): no build step for the CLI.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Parcours demande Node.js 24 ou plus récent (version actuelle : ${process.versions.node}).`);
  console.error('Installez-le par exemple avec : npm install --prefix .tools node@24 && export PATH="$PWD/.tools/node_modules/.bin:$PATH"');
  process.exit(1);
}
await import('../src/cli/main.ts');
