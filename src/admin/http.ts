import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { HostPort } from '../config/types.js';
import { route, type AdminDeps } from './routes.js';

/** Carries admin/routes.ts over HTTP on `admin.listen` (loopback by default). */
export class AdminServer {
  private server: Server | null = null;

  constructor(
    private readonly listen: HostPort,
    private readonly deps: AdminDeps,
    private readonly log: Logger,
  ) {}

  async start(): Promise<HostPort> {
    const server = createServer((req, res) => {
      route({ method: req.method ?? 'GET', url: req.url ?? '/' }, this.deps).then(
        async (r) => {
          res.writeHead(r.status, { 'content-type': r.type, 'cache-control': 'no-store' });
          if (typeof r.body === 'string') {
            res.end(r.body);
            return;
          }
          for await (const chunk of r.body) {
            if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
          }
          res.end();
        },
        (e: unknown) => {
          this.log.error({ url: req.url, err: (e as Error)?.message }, 'admin request failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('internal error\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listen.port, this.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const a = server.address() as { address: string; port: number };
    this.log.info({ listen: `${a.address}:${a.port}` }, 'admin HTTP listening');
    return { host: a.address, port: a.port };
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
