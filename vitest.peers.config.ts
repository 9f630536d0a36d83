import { defineConfig } from 'vitest/config';

// `npm run test:wire-peers`: checks against third-party tools from Debian packages
// (tshark). `.ci/run` installs them; see README "Tests".
export default defineConfig({
  test: {
    include: ['test/peers/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
