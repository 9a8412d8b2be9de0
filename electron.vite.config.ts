/**
 * Builds the desktop app: main (+ the core host that runs the station off the UI thread), a sandboxed
 * CommonJS preload, and the React renderer. `npm run serve` serves the same out/renderer.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          'core-host': resolve('electron/main/core-host.ts'),
          // The MongoDB sync's worker thread, loaded beside the core host (store/module-worker.ts, from sync-runner.ts).
          'sync-worker': resolve('native-bridge/sync/sync-worker.ts'),
          // The CSV import's thread (store/module-worker.ts finds it beside the core's chunks).
          'csv-import-worker': resolve('native-bridge/history/csv-import-worker.ts'),
          // The history read thread: chart series queries off the core's thread (history/series-reader.ts).
          'series-worker': resolve('native-bridge/history/series-worker.ts'),
          // The WAL checkpoint thread (store/wal-checkpointer.ts).
          'checkpoint-worker': resolve('native-bridge/store/checkpoint-worker.ts'),
          // `npm run serve` runs this with plain node: no tsx transpiling every module at start (docs/PERFORMANCE.md).
          serve: resolve('native-bridge/server/serve.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
