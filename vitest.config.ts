import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs nothing but `npm ci`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/peers/**', 'test/ops/**', 'test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
