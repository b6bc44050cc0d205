#!/usr/bin/env node
// The `parcours` command. Node 24 runs the TypeScript sources directly (type stripping): no build
// step. On an older Node, it re-runs itself under Node 24 (see node24.js).
if (Number(process.versions.node.split('.')[0]) >= 24) {
  await import('../src/cli/main.ts');
} else {
  const { node24 } = await import('./node24.js');
  const { spawn } = await import('node:child_process');
  const child = spawn(node24(), [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
