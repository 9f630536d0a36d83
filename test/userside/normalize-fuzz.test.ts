import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDevices } from '../../src/userside/devices.js';
import { parseEnvelope } from '../../src/userside/envelope.js';
import { readIp, readMac } from '../../src/userside/field-parsers.js';
import { normalizeCommutation } from '../../src/userside/normalize.js';
import { describeProbe } from '../../src/userside/probe.js';
import { DEFAULT_FIELD_ALIASES, type NormalizeResult } from '../../src/userside/types.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { parseMac } from '../../src/wire/mac.js';

/** What must hold for any input; throws (failing the property) otherwise. */
function checkResult(r: NormalizeResult): void {
  const rejected = Object.values(r.rejected).reduce((sum, n) => sum + (n ?? 0), 0);
  expect(r.total).toBe(r.bindings.length + rejected);
  expect(r.samples.length).toBe(Math.min(5, rejected));
  expect(r.shape.unknownKeys.length).toBeLessThanOrEqual(10);
  for (const b of r.bindings) {
    expect(b.customerId.length).toBeGreaterThan(0);
    expect(Number.isInteger(b.ip) && b.ip >= 1 && b.ip <= 0xffffffff).toBe(true);
    if (b.mac !== undefined) expect(Number.isInteger(b.mac) && b.mac > 0 && b.mac < 2 ** 48).toBe(true);
    if (b.port !== undefined) expect(Number.isInteger(b.port) && b.port >= 0).toBe(true);
    if (b.vlan !== undefined) expect(Number.isInteger(b.vlan) && b.vlan >= 0 && b.vlan <= 4095).toBe(true);
  }
}

const ALIAS_KEYS = [...new Set(Object.values(DEFAULT_FIELD_ALIASES).flat()), 'port_number', 'comment', '__proto__', 'constructor'];
const hex = fc.constantFrom(...'0123456789abcdefABCDEF');
const value = fc.oneof(
  fc.ipV4(),
  fc.integer({ min: -1, max: 2 ** 32 }).map(String),
  fc.integer({ min: -1, max: 2 ** 32 }),
  fc.string({ unit: hex, minLength: 10, maxLength: 14 }),
  fc.constantFrom('', ' ', null, '000000000000', '00:11:22:aa:bb:cc', '0011.22aa.bbcc', '1/0/5', '4096', '0'),
  fc.jsonValue({ maxDepth: 2 }),
);
const record = fc.dictionary(fc.constantFrom(...ALIAS_KEYS), value, { maxKeys: 10 });
const commutation = fc.oneof(
  fc.array(fc.oneof(record, record, fc.jsonValue({ maxDepth: 1 }), fc.array(record, { maxLength: 3 })), { maxLength: 30 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(record, fc.array(record, { maxLength: 3 })), { maxKeys: 30 }),
);

describe('the normaliser never throws', () => {
  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (data) => {
        checkResult(normalizeCommutation(data));
      }),
      { numRuns: 3000 },
    );
  });

  it('on arbitrary JavaScript values (null prototypes, bigints, symbols, -0, NaN)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withBoxedValues: true }), (data) => {
        checkResult(normalizeCommutation(data));
        normalizeDevices(data);
        parseEnvelope(200, data);
      }),
      { numRuns: 3000 },
    );
  });

  it('on record-like data, reaching both accepted and rejected records', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(commutation, fc.constantFrom(undefined, { port: ['port_number'] }, { switch: ['id'] }), (data, aliases) => {
        const r = normalizeCommutation(data, aliases);
        checkResult(r);
        accepted += r.bindings.length;
        rejected += r.total - r.bindings.length;
        const lines = describeProbe({ result: r, switches: null, rejectedSwitches: 0, envelope: { resultKey: null, dataKey: 'data' } });
        expect(lines.length).toBeLessThan(15);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  it('envelope and device parsing too, on arbitrary JSON and statuses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.jsonValue(), (status, body) => {
        const env = parseEnvelope(status, body);
        if (env.ok) expect(status >= 200 && status <= 299).toBe(true);
        normalizeDevices(env.ok ? env.data : body);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the fast field readers agree with the wire helpers', () => {
  const out = { form: 0 };
  it('readMac = parseMac on MAC-like text', () => {
    const macLike = fc.oneof(
      fc.tuple(fc.array(fc.string({ unit: hex, minLength: 2, maxLength: 2 }), { minLength: 6, maxLength: 6 }), fc.constantFrom(':', '-', '.', '')).map(([g, s]) => g.join(s)),
      fc.tuple(fc.array(fc.string({ unit: hex, minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }), fc.constantFrom(':', '-', '.')).map(([g, s]) => g.join(s)),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefG:-. '), maxLength: 18 }),
    );
    fc.assert(
      fc.property(macLike, (text) => {
        const fast = readMac(text, out);
        const wire = parseMac(text);
        if (wire === undefined) expect(fast).toBe(text.trim() === '' ? -1 : -2);
        else expect(fast).toBe(wire === 0 ? -1 : wire);
      }),
      { numRuns: 5000 },
    );
  });

  it('readIp = parseIp on dotted-looking text', () => {
    const dottedLike = fc.oneof(
      fc.ipV4(),
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 3, maxLength: 5 }).map((p) => p.join('.')),
      fc.string({ unit: fc.constantFrom(...'0123456789.'), minLength: 1, maxLength: 16 }).filter((s) => s.includes('.')),
    );
    fc.assert(
      fc.property(dottedLike, (text) => {
        const wire = parseIp(text);
        expect(readIp(text, out)).toBe(wire === undefined || wire === 0 ? -2 : wire);
      }),
      { numRuns: 5000 },
    );
  });
});
