// Vite configuration of the Parcours web app (React + Mantine).
// The app lives in src/web and builds into dist/web, which the API server serves in production.
// In development (`npm run dev`) the Vite dev server proxies /api to the API server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const apiPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root,
  publicDir: 'public',
  // React 19 automatic JSX runtime through Vite's built-in Oxc transform (no plugin needed).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Libraries mark their modules "use client" (for React Server Components); irrelevant in a
      // client-only bundle, so do not warn about it.
      checks: { moduleLevelDirective: false },
      output: {
        // Keep the large, rarely-changing libraries in their own cacheable chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.WEB_PORT ?? 5173),
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false },
    },
  },
});
