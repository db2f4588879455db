import { defineConfig } from 'vitest/config';

// End-to-end tests: drive the built binary in tmux against the real local cluster (test/cluster).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
