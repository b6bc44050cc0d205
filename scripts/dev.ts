// Development: the API server (node bin/parcours.js start, restarted on change) and the Vite dev
// server (hot reload, proxies /api to the API server) together. Stop both with Ctrl+C.
//   PORT      API port (default 3000)
//   WEB_PORT  Vite dev server port (default 5173)
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const repo = fileURLToPath(new URL('..', import.meta.url));
const apiPort = process.env.PORT ?? '3000';

let stopping = false;
let api: ChildProcess | undefined;

function startApi(): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--watch', '--watch-preserve-output', 'bin/parcours.js', 'start'],
    { cwd: repo, stdio: 'inherit', env: { ...process.env, PORT: apiPort, NODE_ENV: process.env.NODE_ENV ?? 'development' } },
  );
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`dev: API server stopped (${signal ?? `code ${code}`}); stopping the dev server`);
    void stop(code ?? 1);
  });
  return child;
}

const vite = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  mode: 'development',
});

async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (api && api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        api?.kill('SIGKILL');
        resolve();
      }, 5000);
      api?.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  await vite.close();
  process.exit(code);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

api = startApi();
await vite.listen();
console.log(`dev: API on http://127.0.0.1:${apiPort} — web app:`);
vite.printUrls();
