import { describe, expect, it } from 'vitest';
import { EventRing } from '../../src/admin/events.js';
import { drop } from '../../src/core/decision.js';

describe('events ring', () => {
  it('keeps the last events per MAC, newest last', () => {
    const ring = new EventRing(3, 100);
    for (let i = 0; i < 5; i++) ring.record(7, 1, 0, drop('unknown-port'), i);
    expect(ring.of(7).map((e) => e.at)).toEqual([2, 3, 4]);
    expect(ring.of(8)).toEqual([]);
  });

  it('bounds the MACs kept; the least recently seen go first, a recent one survives', () => {
    const ring = new EventRing(2, 100);
    ring.record(1, 1, 0, drop('unknown-client'), 0);
    for (let mac = 1000; mac < 1100; mac++) {
      ring.record(mac, 1, 0, drop('unknown-client'), mac);
      if (mac % 10 === 0) ring.record(1, 1, 0, drop('unknown-client'), mac); // MAC 1 keeps coming back
    }
    expect(ring.of(1).length).toBe(2);
    expect(ring.of(1000)).toEqual([]); // long gone
    expect(ring.of(1099).length).toBe(1);
    let kept = 0;
    for (let mac = 1000; mac < 1100; mac++) if (ring.of(mac).length > 0) kept++;
    expect(kept).toBeLessThanOrEqual(100);
    expect(kept).toBeGreaterThanOrEqual(49);
  });
});
