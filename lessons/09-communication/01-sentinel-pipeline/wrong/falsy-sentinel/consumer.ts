// WRONG: takes any falsy message for the sentinel (`if (!item)`). The item 0 is a number like any
// other, but this consumer stops there, reports what it had so far, and loses the rest.
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

export type Item = number | null;

const port = workerData.port as MessagePort;
const consumed: number[] = [];

port.on('message', (item: Item) => {
	if (!item) {
		parentPort!.postMessage(consumed);
		port.close();
		return;
	}
	consumed.push(item);
});
