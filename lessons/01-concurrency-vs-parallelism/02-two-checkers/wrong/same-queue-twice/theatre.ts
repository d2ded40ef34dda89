// WRONG: a copy-paste slip. Both workers are started at once (parallel, good), but both get the VIP
// queue: every VIP is checked twice and no regular ticket is checked at all.
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
	const [vipStamps, regularStamps] = await Promise.all([checker(vip), checker(vip)]);
	return { vip: vipStamps, regular: regularStamps };
}
