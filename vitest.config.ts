import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test/setupTf.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default leaves one core idle (cpus - 1): on a 2-core machine the training
    // tests (each tfjs cpu backend is one thread) would run one file at a time.
    maxWorkers: 2,
  },
});
