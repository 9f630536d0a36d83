import { parentPort } from 'node:worker_threads';
import { WorkerHandler } from './worker-handler.js';
import type { ToWorker } from './worker-protocol.js';

// Entry point of the sync worker thread (see sync-thread.ts).
const handler = new WorkerHandler();
const port = parentPort;
if (port === null) throw new Error('sync-worker.ts must run in a worker thread');
port.on('message', (msg: ToWorker) => {
  void handler.handle(msg).then(({ reply, transfer }) => port.postMessage(reply, transfer));
});
