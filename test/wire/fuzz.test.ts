import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ARBITRARIES, checkBytes } from '../support/fuzz-properties.js';

// 100,000+ cases in `npm test`; `npm run fuzz` runs the same properties 1,000,000+ times.
const RUNS = { randomBytes: 25_000, headerThenRandomOptions: 25_000, mutatedGolden: 30_000, structuredOptions: 25_000 } as const;

describe('fuzzing the codec', () => {
  for (const [name, arbitrary] of Object.entries(ARBITRARIES)) {
    it(`${name}: decode never throws, answers a packet or a typed error, and encode(decode(x)) is stable`, () => {
      const seen = { packet: 0, error: 0 };
      fc.assert(
        fc.property(arbitrary, (bytes) => {
          seen[checkBytes(bytes)]++;
        }),
        { numRuns: RUNS[name as keyof typeof RUNS] },
      );
      expect(seen.packet + seen.error).toBe(RUNS[name as keyof typeof RUNS]);
      // the generators must reach both outcomes, or the property proves little
      if (name !== 'randomBytes') expect(seen.packet).toBeGreaterThan(100);
      expect(seen.error).toBeGreaterThan(100);
    });
  }
});
