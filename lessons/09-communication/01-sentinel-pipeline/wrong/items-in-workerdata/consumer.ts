// WRONG (with pipeline.ts): takes its items from workerData.items instead of from its port, and
// reports them when the sentinel comes. Whatever arrives on the port besides the sentinel is ignored.
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';

export type Item = number | null;

const port = workerData.port as MessagePort;
const consumed: number[] = [...((workerData.items as number[] | undefined) ?? [])];

port.on('message', (item: Item) => {
	if (item === null) {
		parentPort!.postMessage(consumed);
		port.close();
	}
});
