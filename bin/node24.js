#!/usr/bin/env node
// Runs Node.js 24 with the given arguments: this Node when it is 24+, else a Node 24 installed once
// from the npm registry into .tools/ (the `node` package ships the real binary). So `npm install`,
// `npm start` and `npm test` work on a machine whose system Node is older. Plain JS on purpose:
// it must run on the old Node too.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, '.tools', 'node_modules', '.bin', 'node');

function majorOf(bin) {
  try {
    return Number(execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
  } catch {
    return 0;
  }
}

export function node24() {
  if (Number(process.versions.node.split('.')[0]) >= MAJOR) return process.execPath;
  if (existsSync(local) && majorOf(local) >= MAJOR) return local;
  console.error(`Node ${process.versions.node} est trop ancien : installation de Node ${MAJOR} dans .tools/ (une seule fois)…`);
  execFileSync('npm', ['install', '--prefix', join(root, '.tools'), '--no-save', '--no-audit', '--no-fund', `node@${MAJOR}`], { stdio: 'inherit' });
  return local;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const child = spawn(node24(), process.argv.slice(2), { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
