// WRONG: no sentinel. Each consumer acknowledges every item as it goes; once all items are
// acknowledged, the producer terminate()s the consumers. Nothing is lost here, but the consumers
// are killed instead of being told to stop: a consumer holding a file or a lock would never release
// it, and one still busy with an item would be cut off mid-way.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const workers: Worker[] = [];
	const lists: number[][] = Array.from({ length: consumers }, () => []);
	let acknowledged = 0;
	const allDone = new Promise<void>((resolve, reject) => {
		for (let i = 0; i < consumers; i++) {
			const { port1, port2 } = new MessageChannel();
			ports.push(port1);
			const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
			workers.push(worker);
			worker.on('message', (item: number) => {
				lists[i]!.push(item);
				if (++acknowledged === items.length) resolve();
			});
			worker.once('error', reject);
		}
	});
	const send = (port: MessagePort, item: Item) => port.postMessage(item);
	items.forEach((item, i) => send(ports[i % consumers]!, item));
	await allDone;
	await Promise.all(workers.map((worker) => worker.terminate()));
	return lists;
}
