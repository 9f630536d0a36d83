import { defineConfig } from 'vitest/config';

// `npm run test:ops`: checks against operations tools from Debian packages
// (systemd-analyze, prometheus/promtool). `.ci/run` installs them.
export default defineConfig({
  test: {
    include: ['test/ops/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
