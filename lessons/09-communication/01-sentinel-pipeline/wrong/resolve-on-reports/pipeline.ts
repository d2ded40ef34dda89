// WRONG: resolves as soon as every consumer has reported, without waiting for the workers to exit.
// The lists are right, but a consumer that then fails to close its port (or is still tearing down)
// is still running when the caller is told the pipeline is finished.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const reports = Array.from({ length: consumers }, () => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
		return new Promise<number[]>((resolve, reject) => {
			worker.once('message', (list: number[]) => resolve(list));
			worker.once('error', reject);
		});
	});
	const send = (port: MessagePort, item: Item) => port.postMessage(item);
	items.forEach((item, i) => send(ports[i % consumers]!, item));
	for (const port of ports) send(port, null);
	return Promise.all(reports);
}
