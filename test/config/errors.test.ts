import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { configError, configText, issuesOf } from './config-text.js';

const SECOND_SUBNET = { cidr: '10.20.0.0/16', routers: ['10.20.0.1'] };

/** [case, changes to the base config, the key reported, the message (or part of it)] */
type Case = [string, Record<string, unknown>, string, string];

describe('each mistake is reported at its key, saying what was expected and what was found', () => {
  it.each<Case>([
    // userside
    ['url missing', { 'userside.url': undefined }, 'userside.url', 'required'],
    ['url not http(s)', { 'userside.url': 'ftp://erp.example.net/api.php' }, 'userside.url', 'must start with http:// or https:// (got "ftp")'],
    ['url not a URL', { 'userside.url': 'erp.example.net/api.php' }, 'userside.url', 'not a URL: "erp.example.net/api.php"'],
    ['url with a query string', { 'userside.url': 'https://erp/api.php?cat=x' }, 'userside.url', 'must not contain a query string'],
    ['sync_interval under 5s', { 'userside.sync_interval': '2s' }, 'userside.sync_interval', 'must be at least 5s (got "2s")'],
    ['sync_interval in words', { 'userside.sync_interval': 'hourly' }, 'userside.sync_interval', 'expected a duration such as 60s, 5m, 1h, 500ms or a number of seconds (got "hourly")'],
    ['timeout of zero', { 'userside.timeout': 0 }, 'userside.timeout', 'must be longer than 0 (got 0)'],
    ['timeout of 0ms', { 'userside.timeout': '0ms' }, 'userside.timeout', 'must be longer than 0 (got "0ms")'],
    ['max_shrink above 1', { 'userside.max_shrink': 1.5 }, 'userside.max_shrink', 'expected a number from 0 to 1 (got 1.5)'],
    ['max_shrink below 0', { 'userside.max_shrink': -0.1 }, 'userside.max_shrink', 'expected a number from 0 to 1 (got -0.1)'],
    ['max_shrink as a percentage', { 'userside.max_shrink': '50%' }, 'userside.max_shrink', 'expected a number from 0 to 1 (got "50%")'],
    ['devices not a choice', { 'userside.devices': 'sometimes' }, 'userside.devices', 'must be one of auto, always, never (got "sometimes")'],
    ['fields: unknown logical field', { 'userside.fields': { portt: 'port_number' } }, 'userside.fields.portt', 'unknown field (expected one of customer_id, ip, mac, switch, port, switch_ip, switch_mac, vlan)'],
    ['fields: alias not text', { 'userside.fields': { port: [7] } }, 'userside.fields.port', 'expected a record key name or a list of them'],
    ['max_response_bytes zero', { 'userside.max_response_bytes': 0 }, 'userside.max_response_bytes', 'expected a whole number of bytes from 1'],
    ['typo in userside', { 'userside.sync-interval': '30s' }, 'userside.sync-interval', 'unknown key (did you mean sync_interval?)'],
    // dhcp
    ['server_id missing', { 'dhcp.server_id': undefined }, 'dhcp.server_id', 'required'],
    ['server_id short', { 'dhcp.server_id': '10.0.0' }, 'dhcp.server_id', 'not an IPv4 address: "10.0.0"'],
    ['server_id 0.0.0.0', { 'dhcp.server_id': '0.0.0.0' }, 'dhcp.server_id', 'must be a unicast address'],
    ['server_id a number', { 'dhcp.server_id': 167772161 }, 'dhcp.server_id', 'expected an IPv4 address such as 10.0.0.1 (got 167772161)'],
    ['match not a mode', { 'dhcp.match': 'ports' }, 'dhcp.match', 'must be one of mac, port, port-and-mac, port-then-mac (got "ports")'],
    ['match with no value', { 'dhcp.match': null }, 'dhcp.match', 'must be one of mac, port, port-and-mac, port-then-mac (got nothing)'],
    ['authoritative: yes', { 'dhcp.authoritative': 'yes' }, 'dhcp.authoritative', 'expected true or false (got "yes")'],
    ['typo: autoritative', { 'dhcp.autoritative': true }, 'dhcp.autoritative', 'unknown key (did you mean authoritative?)'],
    ['listen not host:port', { 'dhcp.listen': ['eth0'] }, 'dhcp.listen[0]', 'not host:port'],
    ['listen port out of range', { 'dhcp.listen': ['0.0.0.0:70000'] }, 'dhcp.listen[0]', 'not host:port: expected an IPv4 address and port such as 0.0.0.0:67 (got "0.0.0.0:70000")'],
    ['listen not a list', { 'dhcp.listen': '0.0.0.0:67' }, 'dhcp.listen', 'expected a list such as ["0.0.0.0:67"] (got "0.0.0.0:67")'],
    ['listen empty', { 'dhcp.listen': [] }, 'dhcp.listen', 'needs at least one address'],
    ['trusted relay not an address', { 'dhcp.trusted_relays': ['10.0.0.0/8', 'switches'] }, 'dhcp.trusted_relays[1]', 'not an IPv4 address or CIDR: "switches"'],
    ['trusted relay with host bits', { 'dhcp.trusted_relays': ['10.0.0.1/8'] }, 'dhcp.trusted_relays[0]', '"10.0.0.1/8" has host bits set: the network is 10.0.0.0/8'],
    ['circuit_id not a format', { 'dhcp.option82.circuit_id': 'ascii' }, 'dhcp.option82.circuit_id', "expected vlan-mod-port or {regex: '(?<port>\\d+)$'} (got \"ascii\")"],
    ['circuit_id regex without port group', { 'dhcp.option82.circuit_id': { regex: '\\d+$' } }, 'dhcp.option82.circuit_id.regex', 'needs a named group (?<port>...)'],
    ['circuit_id regex that does not compile', { 'dhcp.option82.circuit_id': { regex: '(?<port>\\d+' } }, 'dhcp.option82.circuit_id.regex', 'not a valid regular expression'],
    ['circuit_id with an extra key', { 'dhcp.option82.circuit_id': { regex: '(?<port>\\d+)', flags: 'i' } }, 'dhcp.option82.circuit_id.flags', 'unknown key (only regex is allowed here)'],
    ['remote_id not a choice', { 'dhcp.option82.remote_id': 'ip' }, 'dhcp.option82.remote_id', 'must be one of mac, none (got "ip")'],
    ['lease_time under a minute', { 'dhcp.lease_time': 30 }, 'dhcp.lease_time', 'expected a whole number of seconds from 60'],
    ['client_port 0', { 'dhcp.client_port': 0 }, 'dhcp.client_port', 'expected an integer from 1 to 65535 (got 0)'],
    ['broadcast_address', { 'dhcp.broadcast_address': 'all' }, 'dhcp.broadcast_address', 'not an IPv4 address: "all"'],
    ['dhcp not a mapping', { dhcp: 5 }, 'dhcp', 'expected a mapping of keys (got 5)'],
    // subnets
    ['subnets missing', { 'dhcp.subnets': undefined }, 'dhcp.subnets', 'required'],
    ['subnets empty', { 'dhcp.subnets': [] }, 'dhcp.subnets', 'needs at least one subnet'],
    ['CIDR prefix 33', { 'dhcp.subnets[0].cidr': '10.10.0.0/33' }, 'dhcp.subnets[0].cidr', 'not a CIDR: "10.10.0.0/33"'],
    ['CIDR without prefix', { 'dhcp.subnets[0].cidr': '10.10.0.0' }, 'dhcp.subnets[0].cidr', 'not a CIDR: "10.10.0.0"'],
    ['CIDR with host bits', { 'dhcp.subnets[0].cidr': '10.10.0.1/16' }, 'dhcp.subnets[0].cidr', 'has host bits set: the network is 10.10.0.0/16'],
    ['router outside its subnet', { 'dhcp.subnets[0].routers': ['10.20.0.1'] }, 'dhcp.subnets[0].routers[0]', '10.20.0.1 is outside the subnet 10.10.0.0/16'],
    ['router is the network address', { 'dhcp.subnets[0].routers': ['10.10.0.0'] }, 'dhcp.subnets[0].routers[0]', 'is the network address of 10.10.0.0/16'],
    ['dns not an address', { 'dhcp.subnets[0].dns': ['10.0.0.53', 'ns1'] }, 'dhcp.subnets[0].dns[1]', 'not an IPv4 address: "ns1"'],
    ['domain with a space', { 'dhcp.subnets[0].domain': 'isp example' }, 'dhcp.subnets[0].domain', 'expected a domain name'],
    ['subnet lease_time under a minute', { 'dhcp.subnets[0].lease_time': 59 }, 'dhcp.subnets[0].lease_time', 'from 60'],
    ['subnets overlap', { 'dhcp.subnets[1]': { cidr: '10.10.5.0/24' } }, 'dhcp.subnets[1].cidr', '10.10.5.0/24 overlaps dhcp.subnets[0] (10.10.0.0/16)'],
    ['typo in a subnet', { 'dhcp.subnets[0].router': ['10.10.0.1'] }, 'dhcp.subnets[0].router', 'unknown key (did you mean routers?)'],
    // options
    ['option value out of range', { 'dhcp.subnets[1]': { ...SECOND_SUBNET, options: { 26: 70000 } } }, 'dhcp.subnets[1].options.26', 'expected an integer from 0 to 65535 (got 70000)'],
    ['option name unknown', { 'dhcp.subnets[0].options': { 'interface-mut': 1500 } }, 'dhcp.subnets[0].options.interface-mut', 'unknown option "interface-mut"'],
    ['option code 0', { 'dhcp.subnets[0].options': { 0: 'x' } }, 'dhcp.subnets[0].options.0', 'unknown option "0"'],
    ['option set by another key', { 'dhcp.subnets[0].options': { 3: ['10.10.0.1'] } }, 'dhcp.subnets[0].options.3', "option 3 cannot be set here: set the subnet's routers instead"],
    ['option 82', { 'dhcp.subnets[0].options': { 82: 'hex:0102' } }, 'dhcp.subnets[0].options.82', 'option 82 cannot be set here'],
    ['option given twice', { 'dhcp.subnets[0].options': { 26: 1500, 'interface-mtu': 1400 } }, 'dhcp.subnets[0].options.interface-mtu', 'option 26 is already set (as 26)'],
    ['options not a mapping', { 'dhcp.subnets[0].options': [26, 1500] }, 'dhcp.subnets[0].options', 'expected a mapping of keys (got a list)'],
    // the rest
    ['writeback rate zero', { 'writeback.max_per_second': 0 }, 'writeback.max_per_second', 'expected a number greater than 0 (got 0)'],
    ['state_dir empty', { state_dir: '' }, 'state_dir', 'expected non-empty text (got "")'],
    ['admin listen not host:port', { 'admin.listen': 'localhost:9567' }, 'admin.listen', 'not host:port: expected an IPv4 address and port such as 0.0.0.0:9567 (got "localhost:9567")'],
    ['log level', { 'log.level': 'verbose' }, 'log.level', 'must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ['unknown top-level section', { logging: { level: 'info' } }, 'logging', 'unknown key (expected one of userside, dhcp, writeback, state_dir, admin, log)'],
  ])('%s', (_name, changes, path, message) => {
    const issues = issuesOf(configText(changes));
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]?.message).toContain(message);
  });
});

describe('the whole file', () => {
  it('a YAML syntax error reports its line', () => {
    const issues = issuesOf('userside:\n  url: http://erp/api.php\ndhcp:\n  listen: [0.0.0.0:67\n  server_id: 10.0.0.1\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBe(5);
    expect(issues[0]?.message).toMatch(/^YAML syntax error at line 5, column \d+: /);
  });

  it('a key written twice is a YAML error at the second one', () => {
    const issues = issuesOf('userside:\n  url: http://erp/api.php\n  url: http://other/api.php\n');
    expect(issues[0]?.line).toBe(3);
    expect(issues[0]?.message).toContain('unique');
  });

  it.each([
    ['an empty file', '', 'expected a mapping with at least the userside and dhcp sections (got an empty file)'],
    ['only comments', '# nothing yet\n', 'expected a mapping with at least the userside and dhcp sections (got an empty file)'],
    ['a list', '- a\n- b\n', 'expected a mapping with at least the userside and dhcp sections (got a list)'],
  ])('%s', (_name, text, message) => {
    expect(configError(text).message).toBe(message);
  });

  it('missing sections are each required', () => {
    expect(configError('log: {level: info}\n').message).toBe('userside: required\ndhcp: required');
  });
});

describe('several problems are reported together, in file order, with their lines', () => {
  const text = [
    'userside:', //                       1
    '  url: ftp://erp/api.php', //        2
    '  key: k', //                        3
    '  max_shrink: 3', //                 4
    'dhcp:', //                           5
    '  autoritative: true', //            6
    '  server_id: 10.0.0', //             7
    '  match: ports', //                  8
    '  listen: ["x"]', //                 9
    '  subnets:', //                      10
    '    - cidr: 10.10.0.0/33', //        11
    '    - cidr: 10.20.0.0/16', //        12
    '      options: {26: 70000}', //      13
    '',
  ].join('\n');
  const err = configError(text);

  it('lists every problem, one `path: problem` per line', () => {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message.split('\n')).toEqual([
      'userside.url: must start with http:// or https:// (got "ftp")',
      'userside.max_shrink: expected a number from 0 to 1 (got 3)',
      'dhcp.autoritative: unknown key (did you mean authoritative?)',
      'dhcp.server_id: not an IPv4 address: "10.0.0"',
      'dhcp.match: must be one of mac, port, port-and-mac, port-then-mac (got "ports")',
      expect.stringMatching(/^dhcp\.listen\[0\]: not host:port/),
      expect.stringMatching(/^dhcp\.subnets\[0\]\.cidr: not a CIDR: "10\.10\.0\.0\/33"/),
      'dhcp.subnets[1].options.26: expected an integer from 0 to 65535 (got 70000)',
    ]);
  });

  it('knows the line of each', () => {
    expect(err.issues.map((i) => i.line)).toEqual([2, 4, 6, 7, 8, 9, 11, 13]);
  });

  it('a missing key points at its section', () => {
    const issues = issuesOf('userside:\n  key: k\ndhcp:\n  server_id: 10.0.0.1\n  subnets: [{cidr: 10.10.0.0/16}]\n');
    expect(issues).toEqual([{ path: 'userside.url', message: 'required', line: 1 }]);
  });

  it('key problems come with the others', () => {
    const issues = issuesOf(configText({ 'userside.key_file': '/etc/key', 'dhcp.match': 'ports' }));
    expect(issues.map((i) => i.path).sort()).toEqual(['dhcp.match', 'userside']);
  });
});
