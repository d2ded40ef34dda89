// Two ticket checkers, one per queue, working at the same time on two cores.
import { Worker } from 'node:worker_threads';
import type { Stamp, Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

/**
 * Starts one checker on one queue; resolves with its stamps once the worker has exited by itself.
 * The message comes first and the exit a moment later: resolving on the message would leave the
 * worker still running when serveTwoCheckers returns.
 */
function checker(queue: Ticket[]): Promise<Stamp[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		let stamps: Stamp[] | undefined;
		worker.once('message', (message: Stamp[]) => (stamps = message));
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code === 0 && stamps) resolve(stamps);
			else reject(new Error(`a checker exited with code ${code} ${stamps ? 'after' : 'before'} posting its stamps`));
		});
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	// Start both checkers first, then wait for both: they run at the same time.
	const [vipStamps, regularStamps] = await Promise.all([checker(vip), checker(regular)]);
	return { vip: vipStamps, regular: regularStamps };
}
