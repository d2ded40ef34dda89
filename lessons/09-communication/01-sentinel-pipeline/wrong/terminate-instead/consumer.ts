// (Part of the terminate-instead mistake: this consumer acknowledges each item and never stops by
// itself; see pipeline.ts.)
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

export type Item = number | null;

const port = workerData.port as MessagePort;

port.on('message', (item: Item) => {
	parentPort!.postMessage(item);
});
