/**
 * The simulator as a process of its own (benchmarks, manual runs):
 *   npx tsx src/simulator/cli.ts --customers 200000 --switches 10000 [--port P] [--seed S] [--style JSON]
 * Prints one JSON line {url, key, controlUrl, customers, switches}, then serves until SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import type { SimStyle } from './render.js';
import { SimulatedUserside, type SimulatorOptions } from './server.js';

const USAGE =
  'usage: cli.ts [--customers N] [--switches M] [--seed S] [--port P] [--control-port P] [--key KEY]\n' +
  '              [--pools CIDR,CIDR] [--switch-pool CIDR] [--style JSON]';

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer (got "${text}")`);
  return Number(text);
}

function options(argv: string[]): SimulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      switches: { type: 'string' },
      seed: { type: 'string' },
      port: { type: 'string' },
      'control-port': { type: 'string' },
      key: { type: 'string' },
      pools: { type: 'string' },
      'switch-pool': { type: 'string' },
      style: { type: 'string' },
    },
  });
  return {
    customers: integer('customers', values.customers),
    switches: integer('switches', values.switches),
    seed: integer('seed', values.seed),
    port: integer('port', values.port),
    controlPort: integer('control-port', values['control-port']),
    key: values.key,
    pools: values.pools?.split(','),
    switchPool: values['switch-pool'],
    style: values.style === undefined ? undefined : (JSON.parse(values.style) as Partial<SimStyle>),
  };
}

let sim: SimulatedUserside;
try {
  sim = await SimulatedUserside.start(options(process.argv.slice(2)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exit(2);
}

process.stdout.write(
  `${JSON.stringify({
    url: sim.url,
    key: sim.key,
    controlUrl: sim.controlUrl,
    customers: sim.customers.length,
    switches: sim.switches.length,
  })}\n`,
);

function stop(): void {
  void sim.close().then(() => process.exit(0));
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
