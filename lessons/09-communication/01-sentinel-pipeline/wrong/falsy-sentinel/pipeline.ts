// (This file is correct; the mistake of this variant is in consumer.ts.)
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const reports = Array.from({ length: consumers }, (_, i) => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		// port2 moves to the worker (transferList): from then on only that worker can read it.
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
		return new Promise<number[]>((resolve, reject) => {
			let consumed: number[] | undefined;
			worker.once('message', (list: number[]) => (consumed = list));
			worker.once('error', reject);
			worker.once('exit', (code) => {
				if (code === 0 && consumed) resolve(consumed);
				else reject(new Error(`consumer ${i} ended with code ${code} ${consumed ? '' : 'without reporting'}`));
			});
		});
	});

	const send = (port: MessagePort, item: Item) => port.postMessage(item);
	items.forEach((item, i) => send(ports[i % consumers]!, item)); // each item to exactly one consumer
	for (const port of ports) send(port, null); // then one sentinel per consumer, behind its items

	return Promise.all(reports); // resolves once every consumer has reported and exited
}
