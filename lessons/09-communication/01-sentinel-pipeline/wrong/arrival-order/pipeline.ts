// WRONG: collects the reports in the order they arrive. With consumers that all take about as long,
// that is the order they were started, and the result looks right; when one consumer is slower, its
// list lands in another consumer's place.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const lists: number[][] = [];
	const ends = Array.from({ length: consumers }, (_, i) => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
		return new Promise<void>((resolve, reject) => {
			worker.once('message', (list: number[]) => lists.push(list)); // in arrival order
			worker.once('error', reject);
			worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`consumer ${i} ended with code ${code}`))));
		});
	});
	const send = (port: MessagePort, item: Item) => port.postMessage(item);
	items.forEach((item, i) => send(ports[i % consumers]!, item));
	for (const port of ports) send(port, null);
	await Promise.all(ends);
	return lists;
}
