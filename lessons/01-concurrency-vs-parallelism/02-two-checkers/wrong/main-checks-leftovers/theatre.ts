// WRONG: "helps out". Each worker checks as many tickets as the shorter queue has, and while they work
// the main thread checks the longer queue's extra tickets itself. The stamps are right and the two
// workers overlap, but part of the checking happens on the main thread, not in a checker.
import { Worker } from 'node:worker_threads';
import { checkTicket, type Stamp, type Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

function checker(queue: Ticket[]): Promise<Stamp[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		let stamps: Stamp[] = [];
		worker.once('message', (message: Stamp[]) => (stamps = message));
		worker.once('error', reject);
		worker.once('exit', () => resolve(stamps));
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	const n = Math.min(vip.length, regular.length);
	const both = Promise.all([checker(vip.slice(0, n)), checker(regular.slice(0, n))]);
	const vipRest = vip.slice(n).map(checkTicket);
	const regularRest = regular.slice(n).map(checkTicket);
	const [v, r] = await both;
	return { vip: [...v, ...vipRest], regular: [...r, ...regularRest] };
}
