import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipToString, parseIp } from '../wire/ipv4.js';
import { parseMac } from '../wire/mac.js';
import { faultState } from './faults.js';
import { readBody, sendJson } from './http-io.js';
import type { SimStyle } from './render.js';
import type { SimulatedUserside } from './server.js';

/**
 * The control API for a simulator in another process:
 * `POST /fault {fault, fraction?, scope?}`, `POST /style {...partial style}`,
 * `POST /mutate {drop: 0.5} | {setMac: {ip, mac}} | {reset: true}`,
 * `GET /writes`, `GET /state`, `GET /truth` (the ground truth).
 */
export async function handleControl(sim: SimulatedUserside, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = `${req.method ?? ''} ${new URL(req.url ?? '/', 'http://control').pathname}`;
  try {
    switch (route) {
      case 'GET /state':
        return sendJson(res, 200, state(sim));
      case 'GET /writes':
        return sendJson(res, 200, sim.macWrites);
      case 'GET /truth':
        return sendJson(res, 200, { customers: sim.customers, switches: sim.switches });
      case 'POST /fault': {
        const body = await readObject(req);
        const { fault, ...opts } = faultState(body.fault, { fraction: body.fraction, scope: body.scope });
        await sim.setFault(fault, opts);
        return sendJson(res, 200, { ok: true, ...sim.fault });
      }
      case 'POST /style':
        sim.setStyle((await readObject(req)) as Partial<SimStyle>);
        return sendJson(res, 200, { ok: true, style: sim.style });
      case 'POST /mutate':
        mutate(sim, await readObject(req));
        return sendJson(res, 200, { ok: true, customers: sim.customers.length, version: sim.version });
      default:
        return sendJson(res, 404, { error: `no such control route: ${route}` });
    }
  } catch (err) {
    sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
}

function state(sim: SimulatedUserside): Record<string, unknown> {
  return {
    url: sim.url,
    customers: sim.customers.length,
    switches: sim.switches.length,
    version: sim.version,
    requests: sim.requests,
    writes: sim.macWrites.length,
    fault: sim.fault,
    style: sim.style,
  };
}

function mutate(sim: SimulatedUserside, body: Record<string, unknown>): void {
  const names = Object.keys(body);
  if (names.length !== 1) throw new Error('give exactly one mutation: drop, setMac or reset');
  if (typeof body.drop === 'number') {
    const keep = 1 - body.drop;
    if (!(keep >= 0 && keep <= 1)) throw new Error('drop must be a fraction from 0 to 1');
    sim.mutate((customers) => customers.slice(0, Math.round(customers.length * keep)));
  } else if (body.setMac !== undefined) {
    const { ip, mac } = parseSetMac(body.setMac);
    if (!sim.setMac(ip, mac)) throw new Error(`no customer holds ${ipToString(ip)}`);
  } else if (body.reset === true) {
    sim.reset();
  } else {
    throw new Error(`unknown mutation ${JSON.stringify(body)} (drop, setMac or reset)`);
  }
}

function parseSetMac(value: unknown): { ip: number; mac: number | undefined } {
  const { ip, mac } = (typeof value === 'object' && value !== null ? value : {}) as { ip?: unknown; mac?: unknown };
  const address = typeof ip === 'string' ? parseIp(ip) : undefined;
  if (address === undefined) throw new Error('setMac.ip must be a dotted IPv4 address');
  if (mac === '' || mac === null) return { ip: address, mac: undefined };
  const parsed = typeof mac === 'string' ? parseMac(mac) : undefined;
  if (parsed === undefined) throw new Error('setMac.mac must be a MAC address, or "" to clear it');
  return { ip: address, mac: parsed };
}

async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  const value: unknown = JSON.parse(text === '' ? '{}' : text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('body must be a JSON object');
  return value as Record<string, unknown>;
}
