import { describe, expect, it } from 'vitest';
import { normalizeCommutation, OBJECT_KEY } from '../../src/userside/normalize.js';
import { DEFAULT_FIELD_ALIASES, FIELD_NAMES, type Binding, type FieldName, type RecordRejection } from '../../src/userside/types.js';
import { parseIp } from '../../src/wire/ipv4.js';
import { parseMac } from '../../src/wire/mac.js';

const ip = (text: string): number => parseIp(text) as number;
const mac = (text: string): number => parseMac(text) as number;

const BASE = { customer_id: 15, ip: '10.160.244.163', mac: '00:11:22:aa:bb:cc', device_id: 7, port: 3 };
const BASE_BINDING = { customerId: '15', ip: ip('10.160.244.163'), mac: mac('001122aabbcc'), switchId: '7', port: 3 };

/** Normalises a single record, expecting it accepted, and returns the binding. */
function accept(record: Record<string, unknown>, aliases?: Parameters<typeof normalizeCommutation>[1]): Binding {
  const r = normalizeCommutation([record], aliases);
  expect(r.rejected).toEqual({});
  expect(r.bindings).toHaveLength(1);
  return r.bindings[0]!;
}

function rejectReason(record: unknown): RecordRejection | undefined {
  const r = normalizeCommutation([record]);
  expect(r.total).toBe(1);
  expect(r.bindings).toHaveLength(0);
  return r.samples[0]?.reason;
}

/** A value that reads as the field's normalised value below. */
const ALIAS_VALUE: Record<FieldName, [unknown, keyof Binding, unknown]> = {
  customer_id: ['4711', 'customerId', '4711'],
  ip: ['178320547', 'ip', ip('10.160.244.163')],
  mac: ['AABBCCDDEEFF', 'mac', 0xaabbccddeeff],
  switch: ['99', 'switchId', '99'],
  port: ['24', 'port', 24],
  switch_ip: ['10.0.0.2', 'switchIp', ip('10.0.0.2')],
  switch_mac: ['F0:0D:00:00:00:01', 'switchMac', 0xf00d00000001],
  vlan: ['100', 'vlan', 100],
};

describe('every alias of every field', () => {
  for (const field of FIELD_NAMES) {
    for (const alias of DEFAULT_FIELD_ALIASES[field]) {
      it(`${field} under "${alias}"`, () => {
        const [value, prop, expected] = ALIAS_VALUE[field];
        const record: Record<string, unknown> = { customer_id: 15, ip: '10.160.244.163' };
        for (const a of DEFAULT_FIELD_ALIASES[field]) delete record[a];
        if (field !== 'customer_id') record.customer_id = 15;
        if (field !== 'ip') record.ip = '10.160.244.163';
        record[alias] = value;
        const r = normalizeCommutation([record]);
        expect(r.bindings[0]?.[prop]).toEqual(expected);
        expect(r.shape.fields[field]).toBe(alias);
      });
    }
  }
});

describe('values', () => {
  const cases: Array<[string, Record<string, unknown>, Partial<Binding>]> = [
    ['the base record', BASE, BASE_BINDING],
    ['inet_aton as a number', { ...BASE, ip: 178320547 }, { ip: ip('10.160.244.163') }],
    ['inet_aton as a string', { ...BASE, ip: '178320547' }, { ip: ip('10.160.244.163') }],
    ['inet_aton with spaces', { ...BASE, ip: ' 178320547 ' }, { ip: ip('10.160.244.163') }],
    ['inet_aton of 255.255.255.254', { ...BASE, ip: 4294967294 }, { ip: 0xfffffffe }],
    ['dotted IP', { ...BASE, ip: '192.168.0.1' }, { ip: ip('192.168.0.1') }],
    ['customer id as a string', { ...BASE, customer_id: '15' }, { customerId: '15' }],
    ['switch id as a number', { ...BASE, device_id: 7 }, { switchId: '7' }],
    ['switch id as a string', { ...BASE, device_id: 'sw-7' }, { switchId: 'sw-7' }],
    ['port as a string', { ...BASE, port: '3' }, { port: 3 }],
    ['port 0', { ...BASE, port: 0 }, { port: 0 }],
    ['empty port is absent', { ...BASE, port: '' }, { port: undefined }],
    ['null port is absent', { ...BASE, port: null }, { port: undefined }],
    ['vlan 0', { ...BASE, vlan: 0 }, { vlan: 0 }],
    ['vlan 4095 as a string', { ...BASE, vlan: '4095' }, { vlan: 4095 }],
    ['no switch, no port (a MAC-only customer)', { customer_id: 1, ip: '10.0.0.9', mac: '001122334455' }, { switchId: undefined, port: undefined, mac: 0x001122334455 }],
    ['switch ip as inet_aton string', { ...BASE, device_ip: '167772162' }, { switchIp: ip('10.0.0.2') }],
    ['switch ip dotted under device_host', { ...BASE, device_host: '10.0.0.2' }, { switchIp: ip('10.0.0.2') }],
    ['unreadable switch ip (a host name) is ignored', { ...BASE, device_host: 'sw-7.isp.example' }, { ...BASE_BINDING, switchIp: undefined }],
    ['unreadable switch MAC is ignored', { ...BASE, device_mac: 'n/a' }, { ...BASE_BINDING, switchMac: undefined }],
    ['switch MAC upper case bare', { ...BASE, switch_mac: 'F0DE00000001' }, { switchMac: 0xf0de00000001 }],
    ['an empty first alias gives way to the next', { ...BASE, ip: '', ip_address: '10.0.0.7' }, { ip: ip('10.0.0.7') }],
    ['the first alias wins over later ones', { ...BASE, ip: '10.0.0.1', userip: '10.0.0.2' }, { ip: ip('10.0.0.1') }],
  ];
  for (const [name, record, expected] of cases) it(name, () => expect(accept(record)).toMatchObject(expected));
});

describe('MAC notations', () => {
  const notations: Array<[string, string, string]> = [
    ['bare lower', '001122aabbcc', 'bare'],
    ['bare upper', '001122AABBCC', 'bare'],
    ['colon', '00:11:22:aa:bb:cc', 'colon'],
    ['dash upper', '00-11-22-AA-BB-CC', 'dash'],
    ['cisco dot', '0011.22aa.bbcc', 'dot'],
    ['huawei dash of four', '0011-22aa-bbcc', 'dash'],
    ['dots of two', '00.11.22.aa.bb.cc', 'dot'],
    ['padded with spaces', ' 00:11:22:aa:bb:cc ', 'colon'],
  ];
  for (const [name, text, form] of notations) {
    it(name, () => {
      const r = normalizeCommutation([{ ...BASE, mac: text }]);
      expect(r.bindings[0]?.mac).toBe(0x001122aabbcc);
      expect(parseMac(text)).toBe(0x001122aabbcc);
      expect(r.shape.macForm).toBe(form);
    });
  }

  const unknown: Array<[string, unknown]> = [
    ['empty string', ''],
    ['blank', '  '],
    ['null', null],
    ['missing', undefined],
    ['all zero bare', '000000000000'],
    ['all zero colon', '00:00:00:00:00:00'],
    ['the number 0', 0],
  ];
  for (const [name, value] of unknown) {
    it(`unknown MAC: ${name}`, () => {
      const b = accept({ ...BASE, mac: value });
      expect(b.mac).toBeUndefined();
    });
  }
});

describe('containers', () => {
  it('a JSON array', () => {
    const r = normalizeCommutation([BASE, { ...BASE, ip: '10.0.0.2' }]);
    expect(r.shape.container).toBe('array');
    expect(r.total).toBe(2);
    expect(r.bindings).toHaveLength(2);
  });

  it('a PHP object keyed by id', () => {
    const r = normalizeCommutation({ 15: BASE, 16: { ...BASE, customer_id: 16, ip: '10.0.0.2' } });
    expect(r.shape.container).toBe('object');
    expect(r.bindings.map((b) => b.customerId)).toEqual(['15', '16']);
  });

  it('a PHP object keyed by customer id whose records lack one: the key is the id', () => {
    const r = normalizeCommutation({ 4711: { ip: '178320547', mac: '001122334455' } });
    expect(r.bindings[0]?.customerId).toBe('4711');
    expect(r.shape.fields.customer_id).toBe(OBJECT_KEY);
  });

  it('a blank object key is no customer id', () => {
    expect(normalizeCommutation({ ' ': { ip: '10.0.0.1' } }).rejected).toEqual({ 'no-customer': 1 });
  });

  it('a PHP object of lists (several IPs per customer)', () => {
    const r = normalizeCommutation({ 4711: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2', customer_id: 9 }] });
    expect(r.total).toBe(2);
    expect(r.bindings.map((b) => b.customerId)).toEqual(['4711', '9']);
  });

  const empty: Array<[string, unknown]> = [
    ['[]', []],
    ['{}', {}],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'nothing'],
  ];
  for (const [name, data] of empty) {
    it(`empty: ${name}`, () => {
      const r = normalizeCommutation(data);
      expect(r).toMatchObject({ bindings: [], total: 0, rejected: {}, samples: [] });
      expect(r.shape).toMatchObject({ container: 'empty', ipForm: 'none', macForm: 'none', unknownKeys: [] });
      expect(Object.values(r.shape.fields).every((v) => v === null)).toBe(true);
    });
  }
});

describe('rejections', () => {
  const cases: Array<[string, unknown, RecordRejection]> = [
    ['a string', 'customer 15', 'not-an-object'],
    ['null', null, 'not-an-object'],
    ['a number', 15, 'not-an-object'],
    ['no customer id', { ip: '10.0.0.1' }, 'no-customer'],
    ['blank customer id', { customer_id: ' ', ip: '10.0.0.1' }, 'no-customer'],
    ['customer id an object', { customer_id: { id: 1 }, ip: '10.0.0.1' }, 'no-customer'],
    ['no ip', { customer_id: 1 }, 'no-ip'],
    ['empty ip', { customer_id: 1, ip: '' }, 'no-ip'],
    ['null ip', { customer_id: 1, ip: null }, 'no-ip'],
    ['three-part ip', { customer_id: 1, ip: '10.0.0' }, 'bad-ip'],
    ['five-part ip', { customer_id: 1, ip: '10.0.0.1.5' }, 'bad-ip'],
    ['octet over 255', { customer_id: 1, ip: '256.1.1.1' }, 'bad-ip'],
    ['leading zero (octal)', { customer_id: 1, ip: '010.0.0.1' }, 'bad-ip'],
    ['inet_aton 0', { customer_id: 1, ip: 0 }, 'bad-ip'],
    ['inet_aton "0"', { customer_id: 1, ip: '0' }, 'bad-ip'],
    ['dotted 0.0.0.0', { customer_id: 1, ip: '0.0.0.0' }, 'bad-ip'],
    ['inet_aton over 0xffffffff', { customer_id: 1, ip: 4294967296 }, 'bad-ip'],
    ['inet_aton text over 0xffffffff', { customer_id: 1, ip: '4294967296' }, 'bad-ip'],
    ['negative inet_aton', { customer_id: 1, ip: -1062731775 }, 'bad-ip'],
    ['fractional', { customer_id: 1, ip: 1.5 }, 'bad-ip'],
    ['boolean ip', { customer_id: 1, ip: true }, 'bad-ip'],
    ['ip with letters', { customer_id: 1, ip: '10.0.0.x' }, 'bad-ip'],
    ['short MAC', { customer_id: 1, ip: '10.0.0.1', mac: '00:11:22:33:44' }, 'bad-mac'],
    ['MAC with non-hex', { customer_id: 1, ip: '10.0.0.1', mac: 'zz1122334455' }, 'bad-mac'],
    ['MAC with mixed separators', { customer_id: 1, ip: '10.0.0.1', mac: '00:11-22:33:44:55' }, 'bad-mac'],
    ['MAC as a non-zero number', { customer_id: 1, ip: '10.0.0.1', mac: 73588229205 }, 'bad-mac'],
    ['switch id an object', { customer_id: 1, ip: '10.0.0.1', device_id: { id: 7 } }, 'bad-switch'],
    ['switch id a boolean', { customer_id: 1, ip: '10.0.0.1', switch_id: true }, 'bad-switch'],
    ['port like 1/0/5', { customer_id: 1, ip: '10.0.0.1', device_id: 7, port: '1/0/5' }, 'bad-port'],
    ['negative port', { customer_id: 1, ip: '10.0.0.1', port: -1 }, 'bad-port'],
    ['fractional port', { customer_id: 1, ip: '10.0.0.1', port: 2.5 }, 'bad-port'],
    ['port text 2.0', { customer_id: 1, ip: '10.0.0.1', port: '2.0' }, 'bad-port'],
    ['vlan 4096', { customer_id: 1, ip: '10.0.0.1', vlan: 4096 }, 'bad-vlan'],
    ['vlan -1 as text', { customer_id: 1, ip: '10.0.0.1', vlan: '-1' }, 'bad-vlan'],
    ['vlan name', { customer_id: 1, ip: '10.0.0.1', vlan: 'users' }, 'bad-vlan'],
  ];
  for (const [name, record, reason] of cases) it(`${reason}: ${name}`, () => expect(rejectReason(record)).toBe(reason));

  it('counts by reason, keeps the first 5 samples and accepts the rest', () => {
    const records = [BASE, ...Array.from({ length: 4 }, () => ({ customer_id: 1 })), ...Array.from({ length: 3 }, () => ({ customer_id: 1, ip: 'x' }))];
    const r = normalizeCommutation(records);
    expect(r.total).toBe(8);
    expect(r.bindings).toHaveLength(1);
    expect(r.rejected).toEqual({ 'no-ip': 4, 'bad-ip': 3 });
    expect(r.samples.map((s) => s.reason)).toEqual(['no-ip', 'no-ip', 'no-ip', 'no-ip', 'bad-ip']);
    expect(r.samples[4]?.record).toEqual({ customer_id: 1, ip: 'x' });
  });
});

describe('configured aliases', () => {
  it('{port: [port_number]} takes precedence over the default port', () => {
    const b = accept({ ...BASE, port: 1, port_number: 24 }, { port: ['port_number'] });
    expect(b.port).toBe(24);
  });

  it('a name nobody knows becomes readable', () => {
    const r = normalizeCommutation([{ abonent: 5, addr: '10.0.0.5' }], { customer_id: ['abonent'], ip: ['addr'] });
    expect(r.bindings[0]).toMatchObject({ customerId: '5', ip: ip('10.0.0.5') });
    expect(r.shape.fields).toMatchObject({ customer_id: 'abonent', ip: 'addr' });
    expect(r.shape.unknownKeys).toEqual([]);
  });

  it('a default name claimed by another field leaves its old field', () => {
    const b = accept({ usercode: 15, id: 77, ip: '10.0.0.5' }, { switch: ['id'] });
    expect(b).toMatchObject({ customerId: '15', switchId: '77' });
  });

  it('the defaults still apply after the configured names', () => {
    expect(accept(BASE, { port: ['port_number'] }).port).toBe(3);
  });
});

describe('shape', () => {
  it('names the key each field was found under most often', () => {
    const r = normalizeCommutation([
      { usercode: 1, ip: '10.0.0.1' },
      { usercode: 2, userip: '10.0.0.2' },
      { usercode: 3, userip: '10.0.0.3' },
    ]);
    expect(r.shape.fields).toEqual({ customer_id: 'usercode', ip: 'userip', mac: null, switch: null, port: null, switch_ip: null, switch_mac: null, vlan: null });
  });

  it('ip and mac forms: single and mixed', () => {
    expect(normalizeCommutation([{ ...BASE, ip: 1 }]).shape.ipForm).toBe('inet_aton');
    expect(normalizeCommutation([BASE]).shape.ipForm).toBe('dotted');
    const mixed = normalizeCommutation([BASE, { ...BASE, ip: '167772161', mac: '001122334455' }]);
    expect(mixed.shape).toMatchObject({ ipForm: 'mixed', macForm: 'mixed' });
  });

  it('lists up to 10 unknown keys', () => {
    const extra = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`extra${i}`, i]));
    const r = normalizeCommutation([{ ...BASE, comment: 'x' }, { ...BASE, ...extra }]);
    expect(r.shape.unknownKeys).toHaveLength(10);
    expect(r.shape.unknownKeys[0]).toBe('comment');
    expect(r.shape.unknownKeys).not.toContain('ip');
  });

  it('does not read inherited properties as fields', () => {
    const r = normalizeCommutation([{ ip: '10.0.0.1' }], { customer_id: ['constructor', 'toString'] });
    expect(r.rejected).toEqual({ 'no-customer': 1 });
  });
});

describe('speed', () => {
  it('normalises 200,000 records well under a second', () => {
    const records = Array.from({ length: 200_000 }, (_, i) => ({
      customer_id: String(10_000 + i),
      ip: String(0x0a000000 + i),
      mac: (0x001122000000 + i).toString(16).padStart(12, '0'),
      device_id: String(100 + (i % 500)),
      port: String(1 + (i % 48)),
      vlan: '100',
      comment: '',
    }));
    normalizeCommutation(records.slice(0, 1000));
    // the best of three runs, so a busy CI machine or a GC pause does not decide
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      const r = normalizeCommutation(records);
      best = Math.min(best, performance.now() - start);
      expect(r.bindings).toHaveLength(200_000);
    }
    expect(best).toBeLessThan(500);
  });
});
