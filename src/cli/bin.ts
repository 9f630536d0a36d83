#!/usr/bin/env node
// The installed command. Logic lives in main.ts so tests can call it.
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`userside-dhcpd: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
