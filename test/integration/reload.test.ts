import { describe, expect, it } from 'vitest';
import { DhcpTestClient } from '../../src/client/test-client.js';
import { Opt } from '../../src/wire/constants.js';
import { ipToString } from '../../src/wire/ipv4.js';
import type { SimCustomer } from '../../src/simulator/generate.js';
import { ip, subnet } from '../support/fixtures.js';
import { LOOP_POOL, startStack } from './stack.js';

describe('reload (SIGHUP) of subnets', () => {
  it('new subnets go live with a table rebuilt for them: the replies carry the new options', async () => {
    const stack = await startStack();
    const client = await DhcpTestClient.open();
    try {
      const c = stack.sim.customers.find((x) => x.kind === 'mac-only') as SimCustomer;
      const router = async () => {
        const r = await client.dora({ mac: c.mac as number, relay: {} }, stack.server);
        return ipToString(Buffer.from(r.ack?.options.get(Opt.ROUTERS) as Uint8Array).readUInt32BE(0));
      };
      expect(await router()).toBe('127.77.0.1');
      const cfg = stack.daemon.config;
      // A subnet inserted before the customers' one shifts every binding's subnet index.
      await stack.daemon.reload({
        ...cfg,
        dhcp: { ...cfg.dhcp, subnets: [subnet('127.99.0.0/16'), subnet(LOOP_POOL, { routers: [ip('127.77.0.254')] })] },
      });
      expect(stack.daemon.syncer.table?.data.origin).toBe('snapshot'); // rebuilt from the snapshot
      expect(await router()).toBe('127.77.0.254');
      expect(stack.daemon.syncer.table?.size).toBe(stack.sim.customers.length);
    } finally {
      await client.close();
      await stack.stop();
    }
  });
});
