import { defineConfig } from 'vitest/config';

// Unit tests: fast, no cluster, no network beyond 127.0.0.1.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
  },
});
