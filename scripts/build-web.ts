// Builds the web app (src/web) into dist/web with Vite.
//   node scripts/build-web.ts          build only when a source file is newer than dist/web/index.html
//   node scripts/build-web.ts --force  always build (npm run build)
// It runs on `npm install` (the `prepare` script), so `npm start` works right after install.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(repo, 'src', 'web');
const outIndex = join(repo, 'dist', 'web', 'index.html');
const configFile = join(repo, 'vite.config.ts');
const force = process.argv.includes('--force');

function mtimeOrZero(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of any file under `dir` (recursive). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(path) : mtimeOrZero(path);
    if (time > newest) newest = time;
  }
  return newest;
}

const builtAt = mtimeOrZero(outIndex);
const sourcesAt = Math.max(newestMtime(srcDir), mtimeOrZero(configFile));
const out = relative(process.cwd(), join(repo, 'dist', 'web')) || 'dist/web';

if (!force && builtAt > sourcesAt) {
  console.log(`web: up to date (${out})`);
} else {
  const started = performance.now();
  const { build } = await import('vite');
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production' });
  } catch (error) {
    console.error(`web: build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`web: built ${out} in ${seconds} s`);
}
