// Wrong: all tickets in one line, cut in half, a worker per half; the stamps are put back in their queues
// by position. Balanced, and every stamp is real, but neither worker is a queue's checker: the text asks
// for one worker per queue.
import { Worker } from 'node:worker_threads';
import type { Stamp, Ticket } from './ticket.js';

export interface Stamped {
	vip: Stamp[];
	regular: Stamp[];
}

function checker(queue: Ticket[]): Promise<Stamp[]> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./checker-worker.js', import.meta.url), { workerData: queue });
		let stamps: Stamp[] | undefined;
		worker.once('message', (message: Stamp[]) => (stamps = message));
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code === 0 && stamps) resolve(stamps);
			else reject(new Error(`a checker exited with code ${code}`));
		});
	});
}

export async function serveTwoCheckers(vip: Ticket[], regular: Ticket[]): Promise<Stamped> {
	const everyone = [...vip, ...regular];
	const half = Math.ceil(everyone.length / 2);
	// Both checkers start at once, each with half of all the tickets.
	const [first, second] = await Promise.all([checker(everyone.slice(0, half)), checker(everyone.slice(half))]);
	const all = [...first, ...second];
	return { vip: all.slice(0, vip.length), regular: all.slice(vip.length) };
}
