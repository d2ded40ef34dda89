// WRONG: the right number of workers, but a round-robin whose counter is never advanced: every
// range goes to workers[0]. The other workers start, cost a start-up, and sit idle; the ranges queue
// up in one worker's inbox and run one after another on a single core. The sums are right.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const turn = 0; // meant to go round: turn = (turn + 1) % size
	const sums = new Array<number>(ranges.length);
	let answered = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			for (const worker of workers) {
				worker.on('message', (answer: Sum) => {
					sums[answer.index] = answer.sum;
					if (++answered === ranges.length) resolve();
				});
				worker.once('error', reject);
			}
			ranges.forEach(([from, to], index) => {
				const task: Range = { index, from, to };
				workers[turn % size]!.postMessage(task);
			});
		});
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
	return sums;
}
