import { describe, expect, it } from 'vitest';
import { generate, type SimCustomer, type SimSwitch } from '../../src/simulator/generate.js';
import {
  DEFAULT_STYLE,
  STYLE_VARIANTS,
  renderCommutation,
  renderDevices,
  renderEmpty,
  renderMac,
  resolveStyle,
  type SimStyle,
} from '../../src/simulator/render.js';
import { decodeCommutation, expectedRows, records } from './support.js';

const { customers, switches } = generate({ customers: 250, switches: 12, seed: 11 });
const parse = (bytes: Buffer | string): unknown => JSON.parse(bytes.toString());

function first(style: Partial<SimStyle>, kind: SimCustomer['kind'] = 'mac+port'): Record<string, unknown> {
  const resolved = resolveStyle(style);
  const index = customers.findIndex((c) => c.kind === kind);
  return records(parse(renderCommutation(customers, switches, resolved)), resolved)[index] as Record<string, unknown>;
}

describe('simulator rendering', () => {
  it('covers every value of every style option', () => {
    const seen = (key: keyof SimStyle) => new Set(STYLE_VARIANTS.map((v) => JSON.stringify(v.style[key])));
    expect(seen('resultKey').size).toBe(2);
    expect(seen('dataKey').size).toBe(2);
    expect(seen('container').size).toBe(2);
    expect(seen('ipForm').size).toBe(3);
    expect(seen('macForm').size).toBe(5);
    expect(seen('numbersAsStrings').size).toBe(2);
    expect(seen('switchInfoInRecords').size).toBe(2);
    const aliases = new Set(STYLE_VARIANTS.flatMap((v) => Object.values(v.style.fieldNames)));
    for (const alias of ['usercode', 'abon_id', 'id', 'ip_address', 'userip', 'switch_id', 'object_id', 'interface', 'port_number']) {
      expect(aliases).toContain(alias);
    }
    expect(new Set(STYLE_VARIANTS.map((v) => v.name)).size).toBe(STYLE_VARIANTS.length);
  });

  for (const { name, style } of STYLE_VARIANTS) {
    it(`style ${name} renders the ground truth, in the forms it names`, () => {
      expect(decodeCommutation(parse(renderCommutation(customers, switches, style)), style)).toEqual(
        expectedRows(customers, switches, style),
      );
    });
  }

  it('renders each notation as documented', () => {
    const mac = 0x0011223344aa;
    expect(['bare', 'colon', 'dash', 'dot', 'upper'].map((f) => renderMac(mac, f as SimStyle['macForm']))).toEqual([
      '0011223344aa',
      '00:11:22:33:44:aa',
      '00-11-22-33-44-AA',
      '0011.2233.44aa',
      '0011223344AA',
    ]);
    expect(renderMac(undefined, 'colon')).toBe('');
    const c = customers[0] as SimCustomer;
    expect(first({ ipForm: 'dotted' }).ip).toBe(`10.10.0.2`);
    expect(first({ ipForm: 'inet_aton' }).ip).toBe(c.ip);
    expect(first({ ipForm: 'inet_aton_string' }).ip).toBe(String(c.ip));
    expect(first({ numbersAsStrings: true }).port).toEqual(expect.any(String));
    expect(first({ numbersAsStrings: false }).port).toEqual(expect.any(Number));
    expect(first({ numbersAsStrings: false }).customer_id).toEqual(expect.any(Number));
  });

  it('renders an empty MAC as "" and leaves switch fields out of MAC-only records', () => {
    expect(first({}, 'port-only').mac).toBe('');
    const macOnly = first({}, 'mac-only');
    expect(Object.keys(macOnly)).toEqual(['customer_id', 'ip', 'mac']);
    expect(Object.keys(first({}))).toEqual(['customer_id', 'ip', 'mac', 'device_id', 'device_ip', 'device_mac', 'port', 'vlan']);
    expect(Object.keys(first({ switchInfoInRecords: false }))).toEqual(['customer_id', 'ip', 'mac', 'device_id', 'port', 'vlan']);
  });

  it('keys the object container by row ids from 1, and sets the envelope keys', () => {
    const body = parse(renderCommutation(customers, switches, resolveStyle({ container: 'object', resultKey: 'result', dataKey: 'Data' })));
    expect(Object.keys(body as object)).toEqual(['result', 'Data']);
    const data = (body as { Data: Record<string, unknown> }).Data;
    expect(Object.keys(data)).toEqual(customers.map((_, i) => String(i + 1)));
  });

  it('renders a prefix of the records with a limit, and [] when there are none', () => {
    const style = resolveStyle({ container: 'object' });
    expect(records(parse(renderCommutation(customers, switches, style, 100)), style)).toHaveLength(100);
    expect(parse(renderCommutation(customers, switches, style, 0))).toEqual({ Result: 'OK', data: [] });
    expect(parse(renderEmpty(resolveStyle({ resultKey: 'result', dataKey: 'Data' })))).toEqual({ result: 'OK', Data: [] });
  });

  it('renders the device list like UserSide: keyed by id, ip as inet_aton string, host dotted, MAC upper', () => {
    const body = parse(renderDevices(switches, DEFAULT_STYLE)) as { Result: string; data: Record<string, unknown> };
    expect(body.Result).toBe('OK');
    expect(Object.keys(body.data)).toHaveLength(switches.length);
    const s = switches[1] as SimSwitch;
    expect(body.data[s.id]).toEqual({ id: s.id, ip: String(s.ip), host: '10.254.0.3', mac: '001E58000002', name: s.name });
    const numeric = parse(renderDevices(switches, resolveStyle({ numbersAsStrings: false, resultKey: 'result' }), 2));
    expect(numeric).toMatchObject({ result: 'OK', data: { '1': { id: 1 }, '2': { id: 2 } } });
    expect(Object.keys((numeric as { data: object }).data)).toEqual(['1', '2']);
  });

  it('rejects styles it cannot render', () => {
    expect(() => resolveStyle({ ipForm: 'hex' as never })).toThrow(/style.ipForm must be one of/);
    expect(() => resolveStyle({ numbersAsStrings: 'yes' as never })).toThrow(/numbersAsStrings/);
    expect(() => resolveStyle({ fieldNames: { nope: 'x' } as never })).toThrow(/fieldNames.nope/);
    expect(() => resolveStyle({ fieldNames: { port: 'vlan' } })).toThrow(/same key/);
    expect(() => resolveStyle({ colour: 'red' } as never)).toThrow(/unknown style option "colour"/);
    expect(resolveStyle({ ipForm: undefined })).toEqual(DEFAULT_STYLE);
    expect(resolveStyle({ macForm: 'dot' })).toEqual({ ...DEFAULT_STYLE, macForm: 'dot', fieldNames: {} });
  });
});
