// WRONG: stops consuming on the sentinel and reports, but leaves its port open. An open port with a
// 'message' listener keeps a worker alive, so the worker never ends: it waits for messages that will
// never come. (In Python, a thread that returns from its function is done; a Node worker is done only
// when nothing is left to keep its event loop going.)
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

export type Item = number | null;

const port = workerData.port as MessagePort;
const consumed: number[] = [];
let stopped = false;

port.on('message', (item: Item) => {
	if (stopped) return;
	if (item === null) {
		stopped = true;
		parentPort!.postMessage(consumed);
		return; // the port is still open
	}
	consumed.push(item);
});
