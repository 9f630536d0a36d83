import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseIp } from '../wire/ipv4.js';
import { parseMac } from '../wire/mac.js';
import { handleControl } from './control.js';
import { GARBAGE_BODY, STATUS_500_BODY, faultState, type Fault, type FaultOptions, type FaultState } from './faults.js';
import { generate, type GenerateOptions, type SimCustomer, type SimSwitch } from './generate.js';
import { boundPort, closeServer, listen, readBody, send, sendJson } from './http-io.js';
import {
  errorEnvelope,
  renderCommutation,
  renderDevices,
  renderEmpty,
  resolveStyle,
  type SimStyle,
} from './render.js';

export interface SimulatorOptions extends GenerateOptions {
  style?: Partial<SimStyle>;
  /** API key; random when absent. */
  key?: string;
  /** API port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1; the simulator is for loopback use. */
  host?: string;
  controlPort?: number;
}

export interface MacWrite {
  ip: string;
  mac: string;
  skipInternalApi: boolean;
  at: number;
}

/** A UserSide `api.php` stand-in for tests, the demo and benchmarks. */
export class SimulatedUserside {
  readonly key: string;
  /** Accepted `set_mac_by_ip` calls, oldest first. */
  readonly macWrites: MacWrite[] = [];
  /** API calls by `action`, whatever the answer. */
  readonly requests: Record<string, number> = {};

  private customerList: SimCustomer[] = [];
  private switchList: SimSwitch[];
  private readonly indexByIp = new Map<number, number>();
  private dataVersion = 0;
  private currentStyle: SimStyle;
  private currentFault: FaultState = faultState('none');
  private readonly bodies = new Map<string, Buffer>();
  private readonly host: string;
  private apiPort = 0;
  private closed = false;
  private readonly api = createServer((req, res) => {
    this.handleApi(req, res).catch(() => res.destroy());
  });
  private readonly control = createServer((req, res) => {
    handleControl(this, req, res).catch(() => res.destroy());
  });

  private constructor(private readonly opts: SimulatorOptions) {
    const data = generate(opts);
    this.switchList = data.switches;
    this.replaceCustomers(data.customers);
    this.currentStyle = resolveStyle(opts.style);
    this.key = opts.key ?? randomBytes(12).toString('hex');
    this.host = opts.host ?? '127.0.0.1';
  }

  static async start(opts: SimulatorOptions = {}): Promise<SimulatedUserside> {
    const sim = new SimulatedUserside(opts);
    try {
      await listen(sim.api, opts.port ?? 0, sim.host);
      sim.apiPort = boundPort(sim.api);
      await listen(sim.control, opts.controlPort ?? 0, sim.host);
    } catch (err) {
      await sim.close();
      throw err;
    }
    return sim;
  }

  get url(): string {
    return `http://${urlHost(this.host)}:${this.apiPort}/api.php`;
  }

  get controlUrl(): string {
    return `http://${urlHost(this.host)}:${boundPort(this.control)}`;
  }

  get port(): number {
    return this.apiPort;
  }

  get customers(): readonly SimCustomer[] {
    return this.customerList;
  }

  get switches(): readonly SimSwitch[] {
    return this.switchList;
  }

  get style(): SimStyle {
    return this.currentStyle;
  }

  get fault(): FaultState {
    return this.currentFault;
  }

  /** Bumped by every change of the ground truth. */
  get version(): number {
    return this.dataVersion;
  }

  /** DEFAULT_STYLE with `change` applied (not cumulative). */
  setStyle(change: Partial<SimStyle>): void {
    this.currentStyle = resolveStyle(change);
    this.bodies.clear();
  }

  /** `refuse` with scope `all` stops listening; any other fault listens again on the same port. */
  async setFault(fault: Fault, opts: FaultOptions = {}): Promise<void> {
    this.currentFault = faultState(fault, opts);
    if (this.currentFault.fault === 'refuse' && this.currentFault.scope === 'all') {
      await closeServer(this.api);
    } else if (!this.api.listening && !this.closed) {
      await listen(this.api, this.apiPort, this.host);
    }
  }

  setCustomers(customers: readonly SimCustomer[]): void {
    this.replaceCustomers(customers.slice());
  }

  /** Replaces the switches (a test topology of its own: switch IPs that are real relays). */
  setSwitches(switches: readonly SimSwitch[]): void {
    this.switchList = switches.slice();
    this.changed();
  }

  /** Edit a copy of the ground truth (objects included); return a new list or change it in place. */
  mutate(fn: (customers: SimCustomer[]) => SimCustomer[] | void): void {
    const copy = this.customerList.map((c) => ({ ...c }));
    this.replaceCustomers(fn(copy) ?? copy);
  }

  /** Back to the generated ground truth. */
  reset(): void {
    this.replaceCustomers(generate(this.opts).customers);
  }

  /** Sets or clears the MAC of the customer holding `ip`; false when nobody holds it. */
  setMac(ip: number, mac: number | undefined): boolean {
    const index = this.indexByIp.get(ip);
    const old = index === undefined ? undefined : this.customerList[index];
    if (index === undefined || old === undefined) return false;
    const updated: SimCustomer = { ...old, mac };
    if (mac === undefined) delete updated.mac;
    if (old.kind === 'port-only' && mac !== undefined) updated.kind = 'mac+port';
    if (old.kind === 'mac+port' && mac === undefined) updated.kind = 'port-only';
    this.customerList[index] = updated;
    this.changed();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([closeServer(this.api), closeServer(this.control)]);
  }

  private replaceCustomers(customers: SimCustomer[]): void {
    this.customerList = customers;
    this.indexByIp.clear();
    customers.forEach((c, i) => this.indexByIp.set(c.ip, i));
    this.changed();
  }

  private changed(): void {
    this.dataVersion++;
    this.bodies.clear();
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname !== '/api.php') return send(res, 404, 'Not Found\n', 'text/plain');
    if (req.method !== 'GET' && req.method !== 'POST') return send(res, 405, 'Method Not Allowed\n', 'text/plain');
    const params = url.searchParams;
    const body = await readBody(req);
    if (req.method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
    }
    const cat = params.get('cat') ?? '';
    // Old versions name the method `subcat` for cat=customer.
    const action = params.get('action') ?? params.get('subcat') ?? '';
    this.requests[action] = (this.requests[action] ?? 0) + 1;

    const fault = this.faultFor(action === 'set_mac_by_ip');
    if (this.answeredByFault(fault, req, res)) return;
    const style = this.currentStyle;
    if (params.get('key') !== this.key) return sendJson(res, 200, errorEnvelope(style, 'Wrong API key'));

    const method = `${cat}/${action}`;
    if (method === 'customer/get_ip_port_device_commutation') return send(res, 200, this.dataAnswer('commutation', fault));
    if (method === 'device/get_data') {
      if (params.get('object_type') === 'switch') return send(res, 200, this.dataAnswer('devices', fault));
      return sendJson(res, 200, errorEnvelope(style, 'The simulator only knows object_type=switch'));
    }
    if (method === 'customer/set_mac_by_ip') return this.setMacByIp(req.method, params, res);
    sendJson(res, 200, errorEnvelope(style, `Unknown method: cat=${cat} action=${action}`));
  }

  private faultFor(write: boolean): Fault {
    const { fault, scope } = this.currentFault;
    return scope === 'all' || (scope === 'writes') === write ? fault : 'none';
  }

  /** Faults that replace the answer; `empty` and `partial` only shrink the data of reads. */
  private answeredByFault(fault: Fault, req: IncomingMessage, res: ServerResponse): boolean {
    switch (fault) {
      case 'refuse':
        // Scoped refusal: the listener stays up, so reset this connection instead.
        req.socket.destroy();
        return true;
      case 'hang':
        req.socket.unref();
        return true;
      case 'status-500':
        send(res, 500, STATUS_500_BODY, 'text/html; charset=UTF-8');
        return true;
      case 'garbage':
        send(res, 200, GARBAGE_BODY, 'text/html; charset=UTF-8');
        return true;
      case 'error-envelope':
        sendJson(res, 200, errorEnvelope(this.currentStyle, 'Simulated failure: database is unavailable'));
        return true;
      case 'http-error-json':
        sendJson(res, 503, { error: 'Service temporarily unavailable (simulated)' });
        return true;
      default:
        return false;
    }
  }

  /** The serialized answer, built once per style, data version and fault variant. */
  private dataAnswer(what: 'commutation' | 'devices', fault: Fault): Buffer {
    const variant = fault === 'empty' || fault === 'partial' ? `${fault}-${this.currentFault.fraction}` : 'full';
    const name = `${what}/${variant}`;
    let body = this.bodies.get(name);
    if (body === undefined) {
      body = this.render(what, fault);
      this.bodies.set(name, body);
    }
    return body;
  }

  private render(what: 'commutation' | 'devices', fault: Fault): Buffer {
    const style = this.currentStyle;
    if (fault === 'empty') return Buffer.from(renderEmpty(style));
    const share = (n: number): number => (fault === 'partial' ? Math.floor(n * this.currentFault.fraction) : n);
    return what === 'commutation'
      ? renderCommutation(this.customerList, this.switchList, style, share(this.customerList.length))
      : renderDevices(this.switchList, style, share(this.switchList.length));
  }

  private setMacByIp(method: string, params: URLSearchParams, res: ServerResponse): void {
    const style = this.currentStyle;
    if (method !== 'POST') {
      return sendJson(res, 200, errorEnvelope(style, 'Data-changing methods accept only POST requests'));
    }
    const ipText = params.get('ip') ?? '';
    const macText = params.get('mac') ?? '';
    const ip = parseIp(ipText);
    const mac = parseMac(macText);
    if (ip === undefined) return sendJson(res, 200, errorEnvelope(style, `Invalid IP address: ${ipText}`));
    if (mac === undefined) return sendJson(res, 200, errorEnvelope(style, `Invalid MAC address: ${macText}`));
    if (!this.setMac(ip, mac)) return sendJson(res, 200, errorEnvelope(style, `No customer with IP ${ipText}`));
    this.macWrites.push({ ip: ipText, mac: macText, skipInternalApi: params.get('skip_internal_api') === '1', at: Date.now() });
    sendJson(res, 200, { [style.resultKey]: 'OK' });
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
