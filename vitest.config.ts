/**
 * Two projects: `unit` (fast, Node, includes integration tests against real SQLite, ptys and ONNX)
 * and `e2e` (a built UI driven in a real Chromium, and Electron when its binary exists).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'native-bridge/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/src/**/*.test.ts',
            'models/**/*.test.ts',
            'firmware/test/**/*.test.ts',
            'bench/**/*.test.ts',
            'tools/**/*.test.ts',
            'testing/**/*.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['renderer/e2e/**/*.e2e.ts', 'electron/e2e/**/*.e2e.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
