import { defineConfig } from 'vitest/config';

// Unit tests: fast, no cluster, no network beyond 127.0.0.1.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // ink draws only its last frame when it sees CI set (the product hides it: src/cli/tui-command.ts);
    // the UI tests read every frame, so they run as on a developer's terminal.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
