import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    // Engine tests are CPU-bound; two cores, so at most two files at a time.
    pool: 'forks',
    maxWorkers: 2,
  },
});
