/// <reference types="node" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstLoadSize } from './tools/first-load-size.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
// The API in development (`pnpm api`); PILLAR_API_URL points elsewhere, e.g. a demo on another port.
const apiTarget = process.env.PILLAR_API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': { target: apiTarget, changeOrigin: false, xfwd: true } };

export default defineConfig({
  root,
  plugins: [react(), firstLoadSize({ budgetKb: 250 })],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The whole first load is measured by firstLoadSize; Vite's per-chunk warning would only repeat it.
    chunkSizeWarningLimit: 600,
  },
});
