// WRONG: sends a single sentinel, as if all consumers read one shared queue and "the" stop message
// reached everyone. Only consumer 0 gets it. The others wait on their ports forever: they never
// report, never exit, and runPipeline never resolves.
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
	items.forEach((item, i) => send(ports[i % consumers]!, item));
	send(ports[0]!, null); // "the" sentinel
	return Promise.all(reports);
}
