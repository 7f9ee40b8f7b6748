/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// Monaco 0.57's package.json "exports" maps `./*` to `./esm/vs/*.js`, so the deep
// `monaco-editor/esm/vs/...` paths that monaco-worker-manager (via monaco-yaml) imports are
// rejected. The alias rewrites them to the exported form (reference/toolchain.md, fix 1).
const monacoDeepImport = {
  find: /^monaco-editor\/esm\/vs\/(.+?)(\.js)?$/,
  replacement: 'monaco-editor/$1',
}

export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { alias: [monacoDeepImport] },
  // Without this, Vite dev discovers the YAML worker on first load and reloads the page.
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  worker: { format: 'es' },
  build: {
    // The lazy Monaco chunk is ~4 MiB by design; it loads after the canvas has painted.
    chunkSizeWarningLimit: 4500,
  },
  test: {
    include: ['src/**/*.test.ts', 'scenarios/**/*.test.ts'],
    environment: 'node',
  },
})
