import { describe, expect, it } from 'vitest';
import { replyDestination } from '../../src/core/destination.js';
import { MessageType as T } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import { ip } from '../support/fixtures.js';
import { makeRequest, type RequestSpec } from '../support/requests.js';

const ROUTING = { clientPort: 68, broadcastAddress: 0xffffffff };

describe('replyDestination (RFC 2131 §4.1)', () => {
  const cases: Array<[string, RequestSpec, number, boolean, string, typeof ROUTING?]> = [
    ['relayed OFFER → giaddr:67', { giaddr: '10.0.9.1' }, T.OFFER, false, '10.0.9.1:67'],
    ['relayed NAK → giaddr:67 too', { giaddr: '10.0.9.1', ciaddr: '10.10.0.5' }, T.NAK, false, '10.0.9.1:67'],
    ['relayed, RFC 8357 → giaddr:source port', { giaddr: '10.0.9.1' }, T.ACK, true, '10.0.9.1:3067'],
    ['relayed with ciaddr (REBINDING) → giaddr:67', { giaddr: '10.0.9.1', ciaddr: '10.10.0.5' }, T.ACK, false, '10.0.9.1:67'],
    ['RENEWING ACK → ciaddr:68', { ciaddr: '10.10.0.5' }, T.ACK, false, '10.10.0.5:68'],
    ['NAK without giaddr → broadcast, even with ciaddr', { ciaddr: '10.10.0.5' }, T.NAK, false, '255.255.255.255:68'],
    ['direct OFFER → broadcast', {}, T.OFFER, false, '255.255.255.255:68'],
    ['direct OFFER, broadcast bit → broadcast', { flags: 0x8000 }, T.OFFER, false, '255.255.255.255:68'],
    ['configured directed broadcast and client port', {}, T.OFFER, false, '10.10.255.255:1068', { clientPort: 1068, broadcastAddress: ip('10.10.255.255') }],
  ];
  it.each(cases)('%s', (_n, spec, type, relayPort, want, routing) => {
    const d = replyDestination(makeRequest(spec), type, { address: ip('10.0.9.1'), port: 3067 }, relayPort, routing ?? ROUTING);
    expect(`${ipToString(d.address)}:${d.port}`).toBe(want);
  });
});
