/**
 * Real DHCP clients (ISC dhclient, BusyBox udhcpc, dhcpcd) behind a real relay
 * (ISC dhcrelay -a), served by the daemon fed from the simulated UserSide.
 *
 *   root ns: test + simulated UserSide (10.201.0.1) ==mgmt veth== srv ns: daemon
 *   srv ns: DHCP on s0 10.200.0.1 ==veth== rly ns: r0 10.200.0.2, dhcrelay -a
 *   rly ns: p1..p5 (10.220.0.1/32 each, unnumbered) ==veth== c1..c5 ns: one client each
 *
 * dhcrelay puts the downstream interface name in the circuit-id (p1..p5) and
 * sends no remote-id, so the daemon finds the switch by giaddr (10.220.0.1).
 * Needs root and Debian packages (see `.ci/run`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedUserside } from '../../src/simulator/server.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ip, mac } from '../support/fixtures.js';
import { until } from '../integration/stack.js';
import { startDaemon, type E2eDaemon } from './daemon.js';
import { lines, requireTools, Topology } from './netns.js';

const P = 'ue2e';
const MACS = ['02:e2:00:00:00:01', '02:e2:00:00:00:02', '02:e2:00:00:00:03', '02:e2:00:00:00:04', '02:e2:00:00:00:05'];
const OLD_MAC_ON_PORT_4 = '02:e2:00:00:00:44';
const clientIp = (port: number): string => `10.220.0.${10 + port}`;

const work = mkdtempSync(join(tmpdir(), 'usd-e2e-clients-'));

/** Each client's hook script appends what it was told to a file we read. */
function scripts(): { dhclient: string; udhcpc: string; dhcpcd: string } {
  const dhclient = join(work, 'dhclient-script');
  writeFileSync(
    dhclient,
    `#!/bin/sh
# Configure the address so renewals go unicast; log what the server said.
case "$reason" in BOUND|RENEW|REBIND|REBOOT)
  ip addr replace "$new_ip_address/24" dev "$interface"
  ip route replace default via 10.220.0.1 dev "$interface" onlink
  echo "$reason ip=$new_ip_address mask=$new_subnet_mask routers=$new_routers dns=$new_domain_name_servers lease=$new_dhcp_lease_time domain=$new_domain_name" >> "${work}/dhclient.$interface.log";;
esac
exit 0
`,
  );
  const udhcpc = join(work, 'udhcpc-script');
  writeFileSync(
    udhcpc,
    `#!/bin/sh
case "$1" in bound|renew)
  ip addr replace "$ip/24" dev "$interface"
  ip route replace default via 10.220.0.1 dev "$interface" onlink
  echo "$1 ip=$ip mask=$subnet routers=$router dns=$dns lease=$lease domain=$domain" >> "${work}/udhcpc.$(ip -o link show "$interface" | sed 's/.*link.ether \\([^ ]*\\).*/\\1/').log";;
esac
exit 0
`,
  );
  const dhcpcd = join(work, 'dhcpcd-hook');
  writeFileSync(
    dhcpcd,
    `#!/bin/sh
# dhcpcd configures the address itself; this only logs.
case "$reason" in BOUND|RENEW|REBIND|REBOOT)
  echo "$reason ip=$new_ip_address mask=$new_subnet_mask routers=$new_routers dns=$new_domain_name_servers lease=$new_dhcp_lease_time domain=$new_domain_name" >> "${work}/dhcpcd.$interface.log";;
esac
exit 0
`,
  );
  for (const f of [dhclient, udhcpc, dhcpcd]) chmodSync(f, 0o755);
  return { dhclient, udhcpc, dhcpcd };
}

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('real clients behind dhcrelay', () => {
  let topo: Topology;
  let sim: SimulatedUserside;
  let daemon: E2eDaemon;
  let capture: ReturnType<Topology['spawn']>;
  const pcap = join(work, 'relay-link.pcap');
  const versions: string[] = [];

  beforeAll(async () => {
    requireTools({
      dhclient: 'isc-dhcp-client',
      udhcpc: 'udhcpc',
      dhcpcd: 'dhcpcd-base',
      dhcrelay: 'isc-dhcp-relay',
      tcpdump: 'tcpdump',
      tshark: 'tshark',
    });
    versions.push(
      execFileSync('sh', ['-c', 'dhclient --version 2>&1 | head -1; busybox 2>&1 | head -1; dhcpcd --version | head -1; dhcrelay --version 2>&1 | head -1'], { encoding: 'utf8' }).trim(),
    );
    topo = await Topology.create(P);
    const srv = await topo.ns('srv');
    const rly = await topo.ns('rly', { forward: true });
    await topo.veth({ ns: '', ifname: `${P}-mg`, addr: '10.201.0.1/30' }, { ns: srv, ifname: 'mg0', addr: '10.201.0.2/30' });
    await topo.veth({ ns: srv, ifname: 's0', addr: '10.200.0.1/24' }, { ns: rly, ifname: 'r0', addr: '10.200.0.2/24' });
    await topo.sh(srv, 'ip route add 10.220.0.0/24 via 10.200.0.2');
    for (let port = 1; port <= 5; port++) {
      const cli = await topo.ns(`c${port}`);
      await topo.veth({ ns: rly, ifname: `p${port}`, addr: '10.220.0.1/32' }, { ns: cli, ifname: 'eth0', mac: MACS[port - 1] as string });
      await topo.sh(rly, `ip route add ${clientIp(port)}/32 dev p${port}`);
    }

    // UserSide: one switch (the relay, by its downstream address) and its ports.
    sim = await SimulatedUserside.start({ customers: 1, switches: 1, host: '10.201.0.1' });
    sim.setSwitches([{ id: '900', ip: ip('10.220.0.1'), mac: mac('00:1e:58:00:09:00'), name: 'relay' }]);
    const bound = (port: number, m: string): SimCustomer => ({ customerId: `e2e-${port}`, ip: ip(clientIp(port)), mac: mac(m), switchId: '900', port, kind: 'mac+port' });
    sim.setCustomers([bound(1, MACS[0] as string), bound(2, MACS[1] as string), bound(3, MACS[2] as string), bound(4, OLD_MAC_ON_PORT_4)]);

    daemon = await startDaemon(
      topo,
      srv,
      (stateDir) => `userside:
  url: ${sim.url}
  key: ${sim.key}
dhcp:
  listen: ["0.0.0.0:67"]
  server_id: 10.200.0.1
  trusted_relays: [10.220.0.1]
  option82:
    circuit_id: {regex: '^p(?<port>\\d+)$'}
    remote_id: none
  lease_time: 60
  subnets:
    - cidr: 10.220.0.0/24
      routers: [10.220.0.1]
      dns: [10.200.0.53, 10.200.0.54]
      domain: e2e.isp.example
state_dir: ${stateDir}
admin:
  listen: 10.201.0.2:9567
log:
  level: info
`,
      'http://10.201.0.2:9567',
    );

    capture = topo.spawn(rly, 'tcpdump', ['-i', 'r0', '--immediate-mode', '-U', '-n', '-w', pcap, 'udp port 67']);
    const relay = topo.spawn(rly, 'dhcrelay', ['-4', '-d', '-a', '--no-pid', '-iu', 'r0', ...[1, 2, 3, 4, 5].flatMap((n) => ['-id', `p${n}`]), '10.200.0.1']);
    const relayOut = lines(relay);
    await until(() => relayOut.all.some((l) => l.includes('Sending on') && l.includes('p5')), 10_000, 'dhcrelay to start');
    await new Promise((r) => setTimeout(r, 1000)); // tcpdump

    const s = scripts();
    topo.spawn(`${P}-c1`, 'dhclient', ['-4', '-d', '-v', '-sf', s.dhclient, '-lf', join(work, 'dhclient.leases'), '-pf', join(work, 'dhclient.pid'), 'eth0']);
    for (const port of [2, 4, 5]) topo.spawn(`${P}-c${port}`, 'udhcpc', ['-i', 'eth0', '-f', '-s', s.udhcpc, '-t', '20', '-T', '2', '-A', '3']);
    const conf = join(work, 'dhcpcd.conf');
    writeFileSync(conf, 'option domain_name_servers, domain_name, subnet_mask, routers\nnoipv4ll\nnoarp\n');
    topo.spawn(`${P}-c3`, 'dhcpcd', ['-4', '-B', '-d', '-f', conf, '-c', s.dhcpcd, 'eth0']);
  }, 120_000);

  afterAll(async () => {
    await topo?.destroy();
    await sim?.close();
    if (versions.length) console.log(`client versions:\n${versions.join('\n')}`);
  });

  const logOf = {
    dhclient: () => read(join(work, 'dhclient.eth0.log')),
    udhcpc: (port: number) => read(join(work, `udhcpc.${MACS[port - 1]}.log`)),
    dhcpcd: () => read(join(work, 'dhcpcd.eth0.log')),
  };
  const expectConfigured = (log: string, port: number): void => {
    const first = log.split('\n').find((l) => /^(BOUND|bound|REBOOT)/.test(l)) ?? '';
    expect(first).toContain(`ip=${clientIp(port)}`);
    expect(first).toMatch(/mask=(255\.255\.255\.0|24)\b/);
    expect(first).toContain('routers=10.220.0.1');
    expect(first).toMatch(/dns=10\.200\.0\.53 10\.200\.0\.54/);
    expect(first).toContain('lease=60');
    expect(first).toContain('domain=e2e.isp.example');
  };

  it('dhclient, udhcpc and dhcpcd each get the IP bound to their port, with mask, router, DNS, domain and lease time', async () => {
    await until(() => logOf.dhclient() !== '' && logOf.udhcpc(2) !== '' && logOf.dhcpcd() !== '', 60_000, 'the three clients to bind');
    expectConfigured(logOf.dhclient(), 1);
    expectConfigured(logOf.udhcpc(2), 2);
    expectConfigured(logOf.dhcpcd(), 3);
  });

  it('a client on a port whose binding has another MAC gets the port\'s IP, and the write-back reaches UserSide', async () => {
    await until(() => logOf.udhcpc(4) !== '', 30_000, 'the port-4 client to bind');
    expect(logOf.udhcpc(4)).toContain(`ip=${clientIp(4)}`);
    await until(() => sim.macWrites.some((w) => w.ip === clientIp(4)), 20_000, 'the write-back');
    expect(sim.macWrites.filter((w) => w.ip === clientIp(4)).map((w) => w.mac)).toEqual([MACS[3]]);
  });

  it('a client on an unbound port gets nothing; the refusal shows in /events and in the metrics', async () => {
    let events: Array<{ answer: string; reason?: string; giaddr?: string }> = [];
    for (let i = 0; i < 40 && events.length === 0; i++) {
      events = (await daemon.call(`/events?mac=${MACS[4]}`)) as typeof events;
      if (events.length === 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.answer === 'drop' && e.reason === 'unknown-port' && e.giaddr === '10.220.0.1')).toBe(true);
    expect(logOf.udhcpc(5)).toBe('');
    const metrics = (await daemon.call('/metrics')) as string;
    expect(Number(/userside_dhcpd_packets_dropped_total\{reason="unknown-port"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('their renewals arrive unicast without option 82 and are ACKed', async () => {
    // lease 60 s: every client renews at T1 = 30 s, unicast from its address.
    const renewed = async (m: string): Promise<boolean> => {
      const events = (await daemon.call(`/events?mac=${m}`)) as Array<{ request: string; answer: string; by?: string; giaddr?: string }>;
      return events.some((e) => e.request === 'request' && e.answer === 'ack' && e.by === 'address' && e.giaddr === undefined);
    };
    const done = new Set<string>();
    const deadline = Date.now() + 75_000;
    while (done.size < 4 && Date.now() < deadline) {
      for (const m of MACS.slice(0, 4)) if (!done.has(m) && (await renewed(m))) done.add(m);
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect([...done].sort()).toEqual(MACS.slice(0, 4).sort());
    // and the clients were told so
    expect(logOf.dhclient()).toMatch(/^RENEW ip=10\.220\.0\.11/m);
    expect(logOf.udhcpc(2)).toMatch(/^renew ip=10\.220\.0\.12/m);
    expect(logOf.dhcpcd()).toMatch(/^(RENEW|BOUND) ip=10\.220\.0\.13/m);
  }, 120_000);

  it('tshark dissects every reply on the relay link with no malformed packet or expert error', async () => {
    capture.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1000));
    const verbose = execFileSync('tshark', ['-r', pcap, '-V', '-Y', 'dhcp && udp.srcport == 67 && ip.src == 10.200.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const replies = verbose.match(/^Dynamic Host Configuration Protocol \((Offer|ACK|NAK)\)/gm) ?? [];
    expect(replies.length).toBeGreaterThanOrEqual(8);
    expect(verbose).not.toMatch(/Malformed Packet/);
    expect(verbose).not.toMatch(/Expert Info \(Error/);
    expect(verbose).toContain('Agent Circuit ID: 7031'); // "p1", echoed
  });
});
