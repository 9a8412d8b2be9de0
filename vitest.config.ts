import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['native-bridge/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'models/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
