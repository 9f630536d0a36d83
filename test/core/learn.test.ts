import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/types.js';
import { decide } from '../../src/core/decide.js';
import type { Decision } from '../../src/core/decision.js';
import type { LearnedMacs } from '../../src/core/learned.js';
import { prepareCore } from '../../src/core/prepare.js';
import { MessageType as T } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { formatMac } from '../../src/wire/mac.js';
import { BINDINGS, ip, mac, SWITCHES, tableOf, testConfig } from '../support/fixtures.js';
import { makeRequest, type RequestSpec } from '../support/requests.js';

const S1 = '00:1e:58:00:00:01';
const NEW = '02:00:00:00:00:aa';
const SOURCE = { address: ip('10.0.9.1'), port: 67 };
const relayed = (port: number, extra: RequestSpec = {}): RequestSpec => ({ giaddr: '10.0.9.1', circuit: [100, 0, port], remote: S1, ...extra });
const selecting = (requested: string): RequestSpec => ({ type: T.REQUEST, serverId: '10.0.0.1', requested });

function learned(pairs: Array<[string, string]>): LearnedMacs {
  const byIp = new Map(pairs.map(([i, m]) => [ip(i), mac(m)]));
  const byMac = new Map(pairs.map(([i, m]) => [mac(m), ip(i)]));
  return { macFor: (i) => byIp.get(i), ipFor: (m) => byMac.get(m) };
}

function run(spec: RequestSpec, opts: { config?: Config; learned?: LearnedMacs } = {}): Decision {
  const config = opts.config ?? testConfig();
  return decide(makeRequest(spec), SOURCE, { table: tableOf(BINDINGS, SWITCHES, config), core: prepareCore(config), now: 0, ...(opts.learned ? { learned: opts.learned } : {}) });
}

/** What a decision says about learning: `learn IP MAC`, `-` when nothing, or the drop. */
function learning(d: Decision): string {
  if (d.kind === 'drop') return `drop ${d.reason}`;
  return d.learn ? `learn ${ipToString(d.learn.ip)} ${formatMac(d.learn.mac)}` : `${d.type === T.ACK ? 'ACK' : d.type === T.OFFER ? 'OFFER' : 'NAK'} -`;
}

describe('write-back intents (SPEC §5, issue: write newly observed MACs back)', () => {
  const mode = (match: Config['dhcp']['match']) => ({ config: testConfig({ dhcp: { match } }) });
  const cases: Array<[string, RequestSpec, string, { config?: Config; learned?: LearnedMacs }?]> = [
    ['new MAC on a port bound without MAC: OFFER learns nothing', relayed(2, { mac: NEW }), 'OFFER -'],
    ['... its ACK learns the MAC', relayed(2, { mac: NEW, ...selecting('10.10.0.12') }), `learn 10.10.0.12 ${NEW}`],
    ['new router on a port bound to another MAC: ACK learns', relayed(1, { mac: NEW, ...selecting('10.10.0.11') }), `learn 10.10.0.11 ${NEW}`],
    ['the MAC UserSide already has: nothing to learn', relayed(1, { mac: '02:00:00:00:00:01', ...selecting('10.10.0.11') }), 'ACK -'],
    ['matched by MAC, not port: nothing to learn', { mac: '02:00:00:00:00:03', ...selecting('10.10.0.13') }, 'ACK -'],
    ['mode port learns', relayed(1, { mac: NEW, ...selecting('10.10.0.11') }), `learn 10.10.0.11 ${NEW}`, mode('port')],
    ['mode mac never learns (a port is not an identity there)', relayed(1, { mac: '02:00:00:00:00:01', ...selecting('10.10.0.11') }), 'ACK -', mode('mac')],
    ['mode port-and-mac refuses the new MAC and learns nothing', relayed(1, { mac: NEW, ...selecting('10.10.0.11') }), 'NAK -', mode('port-and-mac')],
    ['a renewal of a port binding without MAC learns the renewing MAC', { type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.12' }, `learn 10.10.0.12 ${NEW}`],
    ['once learned, the same MAC again learns nothing', relayed(1, { mac: NEW, ...selecting('10.10.0.11') }), 'ACK -', { learned: learned([['10.10.0.11', NEW]]) }],
  ];
  it.each(cases)('%s', (_n, spec, want, opts) => expect(learning(run(spec, opts))).toBe(want));
});

describe('the learned overlay, before the next sync', () => {
  const overlay = learned([['10.10.0.11', NEW]]);
  it('a unicast renewal from the learned MAC is ACKed although UserSide holds the old MAC', () => {
    const d = run({ type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.11' }, { learned: overlay });
    expect(d).toMatchObject({ kind: 'reply', type: T.ACK });
    expect(run({ type: T.REQUEST, mac: NEW, ciaddr: '10.10.0.11' })).toMatchObject({ kind: 'reply', type: T.NAK, reason: 'mac-mismatch' });
  });
  it('the old MAC no longer renews that address', () => {
    expect(run({ type: T.REQUEST, mac: '02:00:00:00:00:01', ciaddr: '10.10.0.11' }, { learned: overlay })).toMatchObject({ kind: 'reply', type: T.NAK, reason: 'mac-mismatch' });
  });
  it('the MAC index knows the learned MAC (found without option 82)', () => {
    const d = run({ mac: NEW }, { learned: overlay });
    expect(d.kind === 'reply' && ipToString(d.packet.yiaddr)).toBe('10.10.0.11');
    expect(run({ mac: '02:00:00:00:00:01' }, { learned: overlay })).toMatchObject({ kind: 'drop', reason: 'unknown-client' });
  });
});
