// WRONG: resolves as soon as each worker's stamps arrive. The worker has posted its message but has
// not exited yet: serveTwoCheckers returns while a checker thread is still running.
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
	const [vipStamps, regularStamps] = await Promise.all([checker(vip), checker(regular)]);
	return { vip: vipStamps, regular: regularStamps };
}
