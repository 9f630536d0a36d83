#!/usr/bin/env node
// The installed command. Logic lives in main.ts so tests can call it.
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));
