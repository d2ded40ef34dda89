// WRONG: games the observed signals. Two workers really run checker-worker.ts on the two queues (so
// two threads are busy at the same time), but their stamps are thrown away: the main thread checks
// every ticket itself with checkTicket, then waits for the decoys to exit. The main thread does the work.
import { Worker } from 'node:worker_threads';
import { checkTicket, type Stamp, type Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

function decoy(queue: Ticket[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		worker.once('error', reject);
		worker.once('exit', () => resolve());
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	const busy = Promise.all([decoy(vip), decoy(regular)]);
	const result = { vip: vip.map(checkTicket), regular: regular.map(checkTicket) };
	await busy;
	return result;
}
