/**
 * npm run fuzz [-- CASES]: the codec's fuzz properties (test/support/fuzz-properties.ts)
 * run CASES times in all (default 1,000,000), split over the three generators.
 * Exceptions are counted, not fatal, so one run reports them all; the first few
 * are printed with their input. Exit status 1 when any were seen.
 */
import fc from 'fast-check';
import { ARBITRARIES, checkBytes } from '../test/support/fuzz-properties.js';

const total = Number(process.argv[2] ?? 1_000_000);
const names = Object.keys(ARBITRARIES) as Array<keyof typeof ARBITRARIES>;
const share = Math.ceil(total / names.length);
let cases = 0;
let exceptions = 0;
const started = Date.now();

for (const name of names) {
  const outcome = { packet: 0, error: 0 };
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  fc.check(
    fc.property(ARBITRARIES[name], (bytes) => {
      cases++;
      try {
        outcome[checkBytes(bytes)]++;
      } catch (e) {
        if (++exceptions <= 5) console.log(`exception (${name}): ${(e as Error).message}\n  input: ${Buffer.from(bytes).toString('hex')}`);
      }
      return true;
    }),
    { numRuns: share, seed },
  );
  console.log(`${name}: ${share} cases (seed ${seed}): ${outcome.packet} decoded and re-encoded stably, ${outcome.error} refused with a typed error`);
}
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${cases} cases, ${exceptions} exceptions`);
process.exitCode = exceptions === 0 ? 0 : 1;
