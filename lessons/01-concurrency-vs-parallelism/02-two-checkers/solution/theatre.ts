// Two ticket checkers, one per queue, working at the same time on two cores.
import { Worker } from 'node:worker_threads';
import type { Stamp, Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

/** Starts one checker on one queue; resolves with its stamps. The worker exits by itself after posting. */
function checker(queue: Ticket[]): Promise<Stamp[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		worker.once('message', resolve);
		worker.once('error', reject);
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	// Start both checkers first, then wait for both: they run at the same time.
	const [vipStamps, regularStamps] = await Promise.all([checker(vip), checker(regular)]);
	return { vip: vipStamps, regular: regularStamps };
}
