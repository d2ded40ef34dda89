// (This file is correct; the mistake of this variant is in pipeline.ts.)
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

/** What travels on the port: an item, or null — the sentinel, "no more items for you". */
export type Item = number | null;

const port = workerData.port as MessagePort;
const consumed: number[] = [];

port.on('message', (item: Item) => {
	if (item === null) {
		parentPort!.postMessage(consumed);
		port.close(); // the last thing keeping this worker alive
		return;
	}
	consumed.push(item);
});
