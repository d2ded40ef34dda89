// One consumer: takes items from its own MessagePort (workerData.port) until the producer says
// there are no more, then reports every item it consumed and stops.
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

/** What travels on the port: an item, or null — the sentinel, "no more items for you". */
export type Item = number | null;

const port = workerData.port as MessagePort;
const consumed: number[] = [];

port.on('message', (item: Item) => {
	// TODO: stop on the sentinel: report `consumed` to the parent, then let this worker end.
	consumed.push(item as number);
});
