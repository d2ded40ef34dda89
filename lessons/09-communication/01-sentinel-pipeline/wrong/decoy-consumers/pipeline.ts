// WRONG: decoy consumers. It starts the workers, gives each its port, sends each a sentinel and waits
// for every report and exit, so from the outside the lifecycle looks right; but it never sends them an
// item. The lists it resolves with are made on the main thread, round-robin, as if they had been
// consumed.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Item } from './consumer.js';

export async function runPipeline(items: number[], consumers: number): Promise<number[][]> {
	const ports: MessagePort[] = [];
	const ends = Array.from({ length: consumers }, () => {
		const { port1, port2 } = new MessageChannel();
		ports.push(port1);
		const worker = new Worker(new URL('./consumer.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2] });
		return new Promise<void>((resolve, reject) => {
			worker.once('error', reject);
			worker.once('exit', () => resolve());
		});
	});
	for (const port of ports) port.postMessage(null satisfies Item);
	await Promise.all(ends);
	return Array.from({ length: consumers }, (_, i) => items.filter((_, k) => k % consumers === i));
}
