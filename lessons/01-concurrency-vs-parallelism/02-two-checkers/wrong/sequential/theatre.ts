// WRONG: two workers, but the regular checker is started only after the VIP checker has finished.
// The answer is right, yet the two checkers never work at the same time: no parallelism.
import { Worker } from 'node:worker_threads';
import type { Stamp, Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

function checker(queue: Ticket[]): Promise<Stamp[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		worker.once('message', resolve);
		worker.once('error', reject);
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	const vipStamps = await checker(vip);
	const regularStamps = await checker(regular);
	return { vip: vipStamps, regular: regularStamps };
}
