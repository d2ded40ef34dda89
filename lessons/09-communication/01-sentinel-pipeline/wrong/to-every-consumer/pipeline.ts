// WRONG: posts every item to every consumer, hoping "whoever is free takes it", as with a shared
// Python queue. A MessagePort is not shared: each port is its own queue with one reader, and every
// message posted to it is delivered. Each item is consumed once per consumer.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const reports = Array.from({ length: consumers }, (_, i) => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
		return new Promise<number[]>((resolve, reject) => {
			let consumed: number[] | undefined;
			worker.once('message', (list: number[]) => (consumed = list));
			worker.once('error', reject);
			worker.once('exit', (code) => (code === 0 && consumed ? resolve(consumed) : reject(new Error(`consumer ${i} ended with code ${code}`))));
		});
	});
	const send = (port: MessagePort, item: Item) => port.postMessage(item);
	for (const item of items) for (const port of ports) send(port, item); // to everyone
	for (const port of ports) send(port, null);
	return Promise.all(reports);
}
