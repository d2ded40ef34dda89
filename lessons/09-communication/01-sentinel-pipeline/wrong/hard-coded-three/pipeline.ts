// WRONG: always starts three consumers, whatever `consumers` says (the first version of this task
// spoke of three). Items and sentinels are right for the three it has.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

const CONSUMERS = 3;

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	void consumers;
	const ports: MessagePort[] = [];
	const reports = Array.from({ length: CONSUMERS }, (_, i) => {
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
	items.forEach((item, i) => send(ports[i % CONSUMERS]!, item));
	for (const port of ports) send(port, null);
	return Promise.all(reports);
}
