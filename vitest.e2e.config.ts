import { defineConfig } from 'vitest/config';

// `npm run test:e2e`: real DHCP clients, dhcrelay, scapy, tshark and Kea in network
// namespaces. Needs root and Debian packages (`.ci/run` installs them). One file at
// a time: each builds its own namespaces and runs a daemon on port 67 in them.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
