import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A UserSide stand-in on 127.0.0.1 for client tests: one handler, every request recorded. */
export interface LocalServer {
  readonly url: string;
  readonly requests: Array<{ method: string; url: string; body: string; headers: IncomingMessage['headers'] }>;
  handler: (req: IncomingMessage, res: ServerResponse, attempt: number) => void;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const server = createServer();
  const local: LocalServer = {
    url: '',
    requests: [],
    handler: (_req, res) => res.end('{}'),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      local.requests.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString(), headers: req.headers });
      local.handler(req, res, local.requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (local as { url: string }).url = `http://127.0.0.1:${port}/api.php`;
  return local;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
