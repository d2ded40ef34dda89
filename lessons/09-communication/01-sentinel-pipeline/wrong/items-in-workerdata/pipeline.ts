// WRONG: hands each consumer its share of the items up front, in workerData, and uses the port only
// for the sentinel. The lists come back right, but nothing was ever queued: the consumers are told
// everything before they start, which is not a pipeline (a producer that makes items over time could
// not work this way), and no item travels as a message on a port.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const reports = Array.from({ length: consumers }, (_, i) => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		const share = items.filter((_, k) => k % consumers === i);
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2, items: share }, transferList: [port2] });
		return new Promise<number[]>((resolve, reject) => {
			let consumed: number[] | undefined;
			worker.once('message', (list: number[]) => (consumed = list));
			worker.once('error', reject);
			worker.once('exit', (code) => (code === 0 && consumed ? resolve(consumed) : reject(new Error(`consumer ${i} ended with code ${code}`))));
		});
	});
	for (const port of ports) port.postMessage(null satisfies Item);
	return Promise.all(reports);
}
