// WRONG: one worker checks both queues, one after the other. The work leaves the main thread
// (good), but one checker on one core is not two checkers on two cores.
import { Worker } from 'node:worker_threads';
import type { Stamp, Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	const stamps = await new Promise<Stamp[]>((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: [...vip, ...regular] });
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return { vip: stamps.slice(0, vip.length), regular: stamps.slice(vip.length) };
}
