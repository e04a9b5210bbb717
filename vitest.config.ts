import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/shared/**/*.test.ts', 'test/server/**/*.test.ts', 'test/client/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // one browser on 2 cores: run the browser files one at a time
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/cluster/setup.ts'],
          // several server processes, Redis, PostgreSQL (and nginx, Chromium) on 2 cores: one file at a time, in order,
          // with bounds far above the measured times (BENCHMARKS.md), since these machines are noisy
          fileParallelism: false,
          // after the unit and browser tests, not beside them: they start processes, nginx and Chromium of their own
          sequence: { concurrent: false, groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
