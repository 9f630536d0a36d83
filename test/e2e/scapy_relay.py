#!/usr/bin/python3
"""Scapy stand-in for access switches' DHCP relays, for test/e2e/scapy.test.ts.

Runs in the relay namespace with a UDP socket bound to GIADDR:67 (where a real
relay agent sends from and where the server answers it); packets are built and
dissected with scapy (BOOTP/DHCP layers) or, for the hostile ones, byte by byte.

  scapy_relay.py dora SPEC.json     relayed DORA per port; JSON report on stdout
  scapy_relay.py hostile SPEC.json  sends crafted packets; JSON catalogue on stdout

SPEC (JSON):
  dora:    {server, giaddr, ports: [{switchMac, vlan, port, clientMac}]}
  hostile: {server, giaddr, seed, switchMac, vlan, boundPort, boundIp,
            unboundPort, sentinelMac}

Each hostile packet carries its expected fate, computed here:
  {"decode": REASON}                      undecodable (README "Reason codes")
  {"type": N|null, "drop"|"nak": REASON,  decodable: option 53 value (null when
   "note": REASON?}                       absent), decision, option 82 note
A reference classifier written from the README's decode rules checks every
hand-labelled packet and labels the random ones.
"""
import json
import random
import socket
import struct
import sys
import time

from scapy.all import BOOTP, DHCP, raw  # noqa: E402  (scapy is the point)

COOKIE = bytes([99, 130, 83, 99])
PAD, END = 0, 255
TYPES = {1: 'discover', 2: 'offer', 3: 'request', 4: 'decline', 5: 'ack', 6: 'nak', 7: 'release', 8: 'inform'}


def mac_bytes(text):
    return bytes.fromhex(text.replace(':', ''))


def ip_bytes(text):
    return socket.inet_aton(text)


def opt82(vlan, port, switch_mac, module=0):
    """circuit-id 00 04 VLAN(2) MODULE(1) PORT(1); remote-id 00 06 SWITCH-MAC."""
    circuit = bytes([0, 4]) + struct.pack('!H', vlan) + bytes([module, port])
    remote = bytes([0, 6]) + mac_bytes(switch_mac)
    return bytes([1, len(circuit)]) + circuit + bytes([2, len(remote)]) + remote


def relay_socket(giaddr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((giaddr, 67))
    return s


def reply_options(data):
    """Options of a reply (TLV walk from byte 240, RFC 3396 instances joined, raw bytes)."""
    out = {}
    i = 240
    while i < len(data):
        code = data[i]
        if code == PAD:
            i += 1
            continue
        if code == END or i + 1 >= len(data):
            break
        n = data[i + 1]
        out[code] = out.get(code, b'') + data[i + 2:i + 2 + n]
        i += 2 + n
    return out


def describe_reply(data):
    p = BOOTP(data)  # scapy's dissection: header fields and DHCP options
    opts = reply_options(data)
    dhcp_opts = dict(o for o in p[DHCP].options if isinstance(o, tuple)) if p.haslayer(DHCP) else {}
    mtype = dhcp_opts.get('message-type')
    return {
        'xid': p.xid,
        'op': p.op,
        'type': TYPES.get(mtype, mtype),
        'yiaddr': p.yiaddr,
        'giaddr': p.giaddr,
        'serverId': dhcp_opts.get('server_id'),
        'lease': dhcp_opts.get('lease_time'),
        'opt82': opts[82].hex() if 82 in opts else None,
        'opt82Last': bool(opts) and list(opts)[-1] == 82,
        'len': len(data),
    }


def datagrams_until(sock, deadline):
    """Every datagram that arrives before `deadline` (monotonic seconds)."""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            data, _ = sock.recvfrom(65535)
        except socket.timeout:
            return
        yield data


def await_reply(sock, xid, want, deadline):
    for data in datagrams_until(sock, deadline):
        if len(data) < 240 or struct.unpack('!I', data[4:8])[0] != xid:
            continue
        r = describe_reply(data)
        if r['type'] in want:
            return r
    return None


def exchange(sock, server, build, xid, want, tries=3, wait=2.0):
    for _ in range(tries):
        sock.sendto(build(), (server, 67))
        r = await_reply(sock, xid, want, time.monotonic() + wait)
        if r is not None:
            return r
    return None


def pad300(pkt):
    b = raw(pkt)
    return b + bytes(max(0, 300 - len(b)))


def dora(spec):
    server, giaddr = spec['server'], spec['giaddr']
    sock = relay_socket(giaddr)
    rng = random.Random()
    results = []
    for item in spec['ports']:
        chaddr = mac_bytes(item['clientMac']) + bytes(10)
        o82 = opt82(item['vlan'], item['port'], item['switchMac'])
        xid = rng.getrandbits(32)
        prl = [1, 3, 6, 15, 28, 51, 54, 58, 59]

        def discover():
            return pad300(BOOTP(op=1, hops=1, xid=xid, giaddr=giaddr, chaddr=chaddr) /
                          DHCP(options=[('message-type', 'discover'), ('param_req_list', prl),
                                        ('relay_agent_information', o82), 'end']))

        offer = exchange(sock, server, discover, xid, ('offer',))
        ack = None
        if offer is not None:
            def request():
                return pad300(BOOTP(op=1, hops=1, xid=xid, giaddr=giaddr, chaddr=chaddr) /
                              DHCP(options=[('message-type', 'request'), ('server_id', offer['serverId']),
                                            ('requested_addr', offer['yiaddr']), ('param_req_list', prl),
                                            ('relay_agent_information', o82), 'end']))
            ack = exchange(sock, server, request, xid, ('ack', 'nak'))
        results.append({**item, 'sent82': o82.hex(), 'offer': offer, 'ack': ack})
    return {'results': results}


# ---------------------------------------------------------------------------
# hostile packets

LIST = float('inf')
# Fixed-size options and their (min, max, step), README "Reason codes" /
# RFC 2132: a wrong length makes the packet undecodable (bad-option-length).
LENGTH_RULES = {
    1: (4, 4, 1), 3: (4, LIST, 4), 6: (4, LIST, 4), 28: (4, 4, 1), 50: (4, 4, 1), 51: (4, 4, 1),
    52: (1, 1, 1), 53: (1, 1, 1), 54: (4, 4, 1), 57: (2, 2, 1), 58: (4, 4, 1), 59: (4, 4, 1),
    61: (2, LIST, 1), 82: (2, LIST, 1), 118: (4, 4, 1), 121: (5, LIST, 1),
}


def walk(b, start, end, opts, overload_area):
    i = start
    while i < end:
        code = b[i]
        if code == PAD:
            i += 1
            continue
        if code == END:
            return None
        if i + 1 >= end:
            return 'truncated-option'
        n = b[i + 1]
        if i + 2 + n > end:
            return 'truncated-option'
        if overload_area and code == 52:
            return 'bad-overload'
        opts.setdefault(code, []).append(b[i + 2:i + 2 + n])
        i += 2 + n
    return 'missing-end'


def classify(b):
    """Reference decoder from the README's rules: the decode reason, or None (decodable)."""
    if len(b) < 240:
        return 'short-packet'
    if b[236:240] != COOKIE:
        return 'bad-cookie'
    if b[0] not in (1, 2):
        return 'bad-op'
    if b[1] != 1:
        return 'unsupported-htype'
    if b[2] != 6:
        return 'bad-hlen'
    opts = {}
    err = walk(b, 240, len(b), opts, False)
    if err:
        return err
    overload = 0
    if 52 in opts:
        if len(opts[52]) > 1:
            return 'bad-overload'
        v = opts[52][0]
        overload = v[0] if len(v) == 1 else 0
        if overload not in (1, 2, 3):
            return 'bad-overload'
    if overload & 1:
        err = walk(b, 108, 236, opts, True)
        if err:
            return err
    if overload & 2:
        err = walk(b, 44, 108, opts, True)
        if err:
            return err
    for code, parts in opts.items():
        n = sum(len(p) for p in parts)
        rule = LENGTH_RULES.get(code)
        if rule and not (rule[0] <= n <= rule[1] and n % rule[2] == 0):
            return 'bad-option-length'
    return None


def header(op=1, htype=1, hlen=6, hops=0, xid=0, ciaddr='0.0.0.0', giaddr='0.0.0.0', chaddr='02:ba:d0:00:00:00',
           sname=b'', file=b'', cookie=COOKIE):
    h = struct.pack('!BBBBIHH', op, htype, hlen, hops, xid, 0, 0)
    h += ip_bytes(ciaddr) + bytes(4) + bytes(4) + ip_bytes(giaddr)
    h += (mac_bytes(chaddr) + bytes(16))[:16]
    h += (sname + bytes(64))[:64] + (file + bytes(128))[:128]
    assert len(h) == 236
    return h + cookie


def o(code, value):
    return bytes([code, len(value)]) + value


def split(code, value, size=255):
    """RFC 3396: one long option as consecutive instances of at most `size` bytes."""
    return b''.join(o(code, value[i:i + size]) for i in range(0, len(value), size))


def hostile(spec):
    server, giaddr = spec['server'], spec['giaddr']
    rng = random.Random(spec['seed'])
    sw, vlan = spec['switchMac'], spec['vlan']
    bound82 = opt82(vlan, spec['boundPort'], sw)
    unbound82 = opt82(vlan, spec['unboundPort'], sw)
    packets = []
    serial = [0]

    def mac():
        serial[0] += 1
        return '02:ba:d0:00:%02x:%02x' % (serial[0] >> 8, serial[0] & 255)

    def add(name, data, expect):
        got = classify(data)
        want = expect.get('decode')
        if got != want:
            raise SystemExit(f'generator bug: {name} is {got!r} to the reference classifier, labelled {want!r}')
        packets.append({'name': name, 'data': data, 'expect': expect})

    def bad(name, data, reason):
        add(name, data, {'decode': reason})

    def fine(name, data, mtype, outcome, note=None):
        e = {'type': mtype, **outcome}
        if note:
            e['note'] = note
        add(name, data, e)

    xid = lambda: rng.getrandbits(32)  # noqa: E731
    disc = o(53, b'\x01')
    relayed = lambda **kw: header(hops=1, giaddr=giaddr, xid=xid(), chaddr=mac(), **kw)  # noqa: E731
    plain = lambda **kw: header(xid=xid(), chaddr=mac(), **kw)  # noqa: E731
    valid = relayed() + disc + o(82, unbound82) + bytes([END])  # a relayed DISCOVER to cut up

    # --- undecodable -------------------------------------------------------
    bad('1-byte datagram', b'\x01', 'short-packet')
    bad('empty datagram', b'', 'short-packet')
    for n in (28, 100, 236, 239):
        bad(f'DISCOVER truncated to {n} bytes', valid[:n], 'short-packet')
    bad('cookie off by one', valid[:239] + b'\x64' + valid[240:], 'bad-cookie')
    bad('cookie zero', valid[:236] + bytes(4) + valid[240:], 'bad-cookie')
    bad('BOOTP without cookie (300 zero-padded bytes)', (valid[:236] + bytes(64)), 'bad-cookie')
    bad('cookie byte-swapped', valid[:236] + COOKIE[::-1] + valid[240:], 'bad-cookie')
    for op in (0, 3, 255):
        bad(f'op {op}', bytes([op]) + valid[1:], 'bad-op')
    for ht in (0, 6, 32):  # none, IEEE 802, InfiniBand
        bad(f'htype {ht}', valid[:1] + bytes([ht]) + valid[2:], 'unsupported-htype')
    for hl in (0, 16, 20):
        bad(f'hlen {hl}', valid[:2] + bytes([hl]) + valid[3:], 'bad-hlen')
    bad('option value runs past the datagram', plain() + disc + bytes([12, 50]) + b'router', 'truncated-option')
    bad('last byte is an option code without length', plain() + disc + bytes([12]), 'truncated-option')
    bad('option 82 longer than the datagram', relayed() + disc + bytes([82, 200]) + unbound82, 'truncated-option')
    bad('length byte 255 two bytes before the end', plain() + disc + bytes([60, 255, 0x41]), 'truncated-option')
    bad('overloaded file area: option runs past byte 236',
        plain(file=bytes(120) + bytes([12, 20]) + b'abcdef') + o(52, b'\x01') + disc + bytes([END]), 'truncated-option')
    bad('options without END', plain() + disc + o(61, b'\x01' + mac_bytes('02:ba:d0:ff:ff:01')), 'missing-end')
    bad('1400 bytes of PAD, no END', plain() + bytes(1400), 'missing-end')
    bad('overloaded file area without END',
        plain(file=o(12, b'hostname') + bytes(118)) + o(52, b'\x01') + disc + bytes([END]), 'missing-end')
    bad('overloaded sname area without END',
        plain(sname=o(12, b'x' * 60)) + o(52, b'\x02') + disc + bytes([END]), 'missing-end')
    bad('options area is only the cookie', plain(), 'missing-end')
    for code, value, what in [
        (53, b'', 'option 53 empty'), (53, b'\x01\x01', 'option 53 of 2 bytes'), (50, b'\x0a\xe8\x00', 'option 50 of 3 bytes'),
        (54, b'\x0a\xd4\x00\x01\x00', 'option 54 of 5 bytes'), (57, b'\x02', 'option 57 of 1 byte'),
        (61, b'\x01', 'option 61 of 1 byte'), (82, b'\x01', 'option 82 of 1 byte'), (82, b'', 'option 82 empty'),
        (1, b'\xff\xff\xff', 'option 1 of 3 bytes'), (3, b'\x0a\x00\x00\x01\x0a\x00', 'option 3 of 6 bytes'),
        (51, b'\x00\x10', 'option 51 of 2 bytes'),
    ]:
        body = o(code, value) if code == 53 else disc + o(code, value)
        bad(what, relayed() + body + bytes([END]), 'bad-option-length')
    bad('option 53 split in two (RFC 3396: joined length 2)', plain() + disc + o(53, b'\x03') + bytes([END]), 'bad-option-length')
    bad('option 53 split 300 times', plain() + o(53, b'\x01') * 300 + bytes([END]), 'bad-option-length')
    bad('option 50 split into 4+1 bytes', plain() + disc + o(50, b'\x0a\xe8\x00\x15') + o(50, b'\x01') + bytes([END]), 'bad-option-length')
    for v in (0, 4, 255):
        bad(f'option 52 = {v}', plain() + o(52, bytes([v])) + disc + bytes([END]), 'bad-overload')
    bad('option 52 of 2 bytes', plain() + o(52, b'\x01\x02') + disc + bytes([END]), 'bad-overload')
    bad('option 52 empty', plain() + o(52, b'') + disc + bytes([END]), 'bad-overload')
    bad('option 52 twice', plain() + o(52, b'\x01') + o(52, b'\x01') + disc + bytes([END]), 'bad-overload')
    bad('option 52 chained from file into file',
        plain(file=o(52, b'\x02') + bytes([END])) + o(52, b'\x01') + disc + bytes([END]), 'bad-overload')
    bad('option 52 chained from sname',
        plain(file=bytes([END]), sname=o(52, b'\x01') + bytes([END])) + o(52, b'\x03') + disc + bytes([END]), 'bad-overload')

    # --- decodable but refused ---------------------------------------------
    unknown = ('drop', 'unknown-client')
    fine('BOOTP request: no option 53', plain() + bytes([END]), None, {'drop': 'malformed'})
    fine('no option 53, hostname only', relayed() + o(12, b'boot') + o(82, unbound82) + bytes([END]), None, {'drop': 'malformed'})
    fine('op 2 (BOOTREPLY) sent to the server', header(op=2, xid=xid(), chaddr=mac()) + o(53, b'\x02') + bytes([END]), 2, {'drop': 'not-a-request'})
    fine('OFFER sent to the server', plain() + o(53, b'\x02') + bytes([END]), 2, {'drop': 'not-a-request'})
    fine('ACK sent to the server', plain() + o(53, b'\x05') + bytes([END]), 5, {'drop': 'not-a-request'})
    fine('NAK sent to the server', plain() + o(53, b'\x06') + bytes([END]), 6, {'drop': 'not-a-request'})
    for t in (0, 9, 13, 200):
        fine(f'message type {t}', plain() + o(53, bytes([t])) + bytes([END]), t, {'drop': 'unsupported-message'})
    fine('DISCOVER from an unknown MAC', plain() + disc + bytes([END]), 1, dict([unknown]))
    fine('option 82 from an untrusted relay claiming a bound port',
         header(hops=1, giaddr='10.212.0.99', xid=xid(), chaddr=mac()) + disc + o(82, bound82) + bytes([END]),
         1, dict([unknown]), 'untrusted-relay')
    fine('option 82 without giaddr (from a client)', plain() + disc + o(82, bound82) + bytes([END]), 1, dict([unknown]), 'untrusted-relay')
    sw_bytes = bytes([2, 8, 0, 6]) + mac_bytes(sw)
    for what, o82v in [
        ('circuit-id length 10 in 8 bytes', bytes([1, 10, 0, 4, 0, vlan & 255, 0, spec['boundPort']]) + bytes(2)),
        ('remote-id length 200', bytes([1, 6, 0, 4, 0, vlan & 255, 0, spec['boundPort'], 2, 200]) + mac_bytes(sw)),
        ('sub-option header cut after its code', bound82 + bytes([9])),
        ('link-selection of 3 bytes', bound82 + bytes([5, 3, 10, 212, 0])),
        ('server-id-override of 2 bytes', bytes([11, 2, 10, 212]) + bound82),
    ]:
        fine(f'trusted relay, option 82 lies: {what}', relayed() + disc + o(82, o82v) + bytes([END]), 1, dict([unknown]), 'malformed-option82')
    fine('circuit-id in ASCII (not vlan-mod-port)', relayed() + disc + o(82, bytes([1, 6]) + b'eth0/5' + sw_bytes) + bytes([END]),
         1, {'drop': 'bad-circuit-id'})
    fine('circuit-id of 5 bytes', relayed() + disc + o(82, bytes([1, 5, 0, 4, 0, 1, 5]) + sw_bytes) + bytes([END]), 1, {'drop': 'bad-circuit-id'})
    fine('option 82 without circuit-id', relayed() + disc + o(82, sw_bytes) + bytes([END]), 1, {'drop': 'bad-circuit-id'})
    fine('remote-id names no known switch', relayed() + disc + o(82, opt82(vlan, spec['boundPort'], '00:1e:58:ee:ee:ee')) + bytes([END]),
         1, {'drop': 'unknown-switch'})
    fine('remote-id is not a MAC', relayed() + disc + o(82, bound82[:8] + bytes([2, 9]) + b'not-a-mac') + bytes([END]),
         1, {'drop': 'unknown-switch'})
    fine('DISCOVER on an unbound port', relayed() + disc + o(82, unbound82) + bytes([END]), 1, {'drop': 'unknown-port'})
    fine('REQUEST (SELECTING us) on an unbound port', relayed() + o(53, b'\x03') + o(54, ip_bytes(server)) +
         o(50, ip_bytes(spec['boundIp'])) + o(82, unbound82) + bytes([END]), 3, {'nak': 'unknown-port'})
    fine('REQUEST (SELECTING us) on a bound port, for another address', relayed() + o(53, b'\x03') + o(54, ip_bytes(server)) +
         o(50, ip_bytes('10.232.0.250')) + o(82, bound82) + bytes([END]), 3, {'nak': 'wrong-address'})
    fine('REQUEST for another server', relayed() + o(53, b'\x03') + o(54, ip_bytes('10.212.0.77')) +
         o(50, ip_bytes(spec['boundIp'])) + o(82, bound82) + bytes([END]), 3, {'drop': 'wrong-server'})
    fine('REQUEST naming us without option 50', relayed() + o(53, b'\x03') + o(54, ip_bytes(server)) + o(82, bound82) + bytes([END]),
         3, {'drop': 'no-requested-address'})
    fine('REQUEST with neither ciaddr nor option 50', plain() + o(53, b'\x03') + bytes([END]), 3, {'drop': 'no-requested-address'})
    fine('INFORM relayed with no ciaddr', relayed() + o(53, b'\x08') + o(82, unbound82) + bytes([END]), 8, {'drop': 'unknown-subnet'})
    fine('INFORM from an address in no subnet', plain(ciaddr='192.0.2.5') + o(53, b'\x08') + bytes([END]), 8, {'drop': 'unknown-subnet'})
    fine('DECLINE', plain() + o(53, b'\x04') + o(50, ip_bytes('10.232.0.251')) + bytes([END]), 4, {'drop': 'declined'})
    fine('RELEASE', plain(ciaddr='10.232.0.252') + o(53, b'\x07') + bytes([END]), 7, {'drop': 'released'})
    # The bound port's binding is found, but option 82 (always echoed, never
    # dropped) of ~780 bytes cannot fit the 576-byte default reply size.
    big82 = bound82 + (bytes([9, 250]) + bytes(250)) * 3
    fine('option 82 too long to echo in 576 bytes (RFC 3396 split)', relayed() + disc + split(82, big82) + bytes([END]), 1, {'drop': 'reply-too-large'})
    fine('1400 bytes of PAD, then a DISCOVER', plain() + bytes(1400) + disc + bytes([END]), 1, dict([unknown]))
    fine('hostname split into 600 one-byte instances (RFC 3396)', plain() + disc + o(12, b'h') * 600 + bytes([END]), 1, dict([unknown]))
    fine('option 82 split into one-byte instances, unbound port',
         relayed() + disc + split(82, unbound82, 1) + bytes([END]), 1, {'drop': 'unknown-port'})
    fine('option 52 = 3: options in file and sname', plain(file=disc + bytes([END]), sname=o(12, b'sn') + bytes([END])) +
         o(52, b'\x03') + bytes([END]), 1, dict([unknown]))
    fine('option 57 = 100 (illegal, ignored)', plain() + disc + o(57, struct.pack('!H', 100)) + bytes([END]), 1, dict([unknown]))
    fine('zero-length hostname and vendor class', plain() + disc + o(12, b'') + o(60, b'') + bytes([END]), 1, dict([unknown]))
    fine('hops 255', header(hops=255, giaddr=giaddr, xid=xid(), chaddr=mac()) + disc + o(82, unbound82) + bytes([END]),
         1, {'drop': 'unknown-port'})
    # Random garbage with a valid cookie, up to the total: behind a valid header
    # (options area random) or everywhere but the cookie; only undecodable ones
    # are kept (the reference classifier says which, and why).
    kept = 0
    while len(packets) < spec.get('total', 100) - 1:
        junk = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 600)))
        if kept % 2 == 0:
            data = plain() + junk
        else:
            data = bytearray(bytes(rng.getrandbits(8) for _ in range(236)) + COOKIE + junk)
            data[0] = rng.choice((1, 2, data[0]))  # reach the later checks too
            data[1] = rng.choice((1, data[1]))
            data[2] = rng.choice((6, data[2]))
            data = bytes(data)
        reason = classify(data)
        if reason is None:
            continue
        kept += 1
        bad(f'random garbage #{kept} ({len(data)} bytes)', data, reason)

    # Last: the test waits for its event in /events; UDP from one socket is
    # handled in order, so every packet before it has been counted by then.
    fine('sentinel DISCOVER', header(xid=xid(), chaddr=spec['sentinelMac']) + disc + bytes([END]), 1, dict([unknown]))

    sock = relay_socket(giaddr)
    for p in packets:
        sock.sendto(p['data'], (server, 67))
        time.sleep(0.005)  # pacing: the daemon's socket buffer is not what is tested
    replies = []
    for data in datagrams_until(sock, time.monotonic() + 1.5):
        if len(data) >= 240:
            replies.append(describe_reply(data))
    return {
        'seed': spec['seed'],
        'packets': [{'name': p['name'], 'len': len(p['data']), 'xid': struct.unpack('!I', p['data'][4:8])[0] if len(p['data']) >= 8 else None,
                     'expect': p['expect']} for p in packets],
        'replies': replies,
    }


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        spec = json.load(f)
    out = dora(spec) if cmd == 'dora' else hostile(spec) if cmd == 'hostile' else None
    if out is None:
        raise SystemExit(f'unknown command {cmd}')
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
