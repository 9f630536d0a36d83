import { describe, expect, it } from 'vitest';
import { normalizeDevices } from '../../src/userside/devices.js';
import { parseIp } from '../../src/wire/ipv4.js';

const ip = (text: string): number => parseIp(text) as number;

describe('normalizeDevices', () => {
  it('reads the device/get_data form: keyed by id, ip as inet_aton text, host dotted, MAC upper hex', () => {
    const r = normalizeDevices({
      12: { id: 12, ip: '167772162', host: '10.0.0.2', mac: 'F0DE00000001', name: 'sw-12 Lenina 5' },
      13: { id: '13', ip: 167772163, host: '10.0.0.3', mac: '', name: '' },
    });
    expect(r).toEqual({
      switches: [
        { id: '12', ip: ip('10.0.0.2'), mac: 0xf0de00000001, name: 'sw-12 Lenina 5' },
        { id: '13', ip: ip('10.0.0.3') },
      ],
      rejected: 0,
    });
  });

  it('reads a JSON array too', () => {
    expect(normalizeDevices([{ id: 1, host: '10.0.0.9' }]).switches).toEqual([{ id: '1', ip: ip('10.0.0.9') }]);
  });

  const hostCases: Array<[string, unknown]> = [
    ['ip missing', undefined],
    ['ip empty', ''],
    ['ip 0', '0'],
    ['ip garbage', 'n/a'],
  ];
  for (const [name, value] of hostCases) {
    it(`prefers host when ${name}`, () => {
      expect(normalizeDevices({ 5: { id: 5, ip: value, host: '10.1.2.3' } }).switches[0]?.ip).toBe(ip('10.1.2.3'));
    });
  }

  it('keeps ip when both are good', () => {
    expect(normalizeDevices([{ id: 5, ip: '167772162', host: '10.9.9.9' }]).switches[0]?.ip).toBe(ip('10.0.0.2'));
  });

  it('uses the object key when a device has no id', () => {
    expect(normalizeDevices({ 44: { host: '10.0.0.4' } }).switches[0]?.id).toBe('44');
  });

  it('drops devices without an id or that are not objects, and counts them', () => {
    expect(normalizeDevices([{ host: '10.0.0.4' }, 'x', null, { id: 3 }])).toEqual({ switches: [{ id: '3' }], rejected: 3 });
  });

  it('leaves out a bad MAC and a bad address', () => {
    expect(normalizeDevices([{ id: 3, ip: 'x', host: 'sw3.local', mac: 'F0DE0000' }]).switches).toEqual([{ id: '3' }]);
  });

  it('answers nothing for empty or odd data', () => {
    for (const data of [null, undefined, [], {}, 'x', 5]) expect(normalizeDevices(data)).toEqual({ switches: [], rejected: 0 });
  });
});
