import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end tests: drive the built binary in tmux against the real local cluster (test/cluster).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // cg-debug caches registry answers and compiled code under XDG_CACHE_HOME: each run starts with an
    // empty cache of its own, never the operator's, so no result depends on an earlier run.
    env: { XDG_CACHE_HOME: mkdtempSync(path.join(tmpdir(), 'cg-debug-e2e-cache-')) },
  },
});
