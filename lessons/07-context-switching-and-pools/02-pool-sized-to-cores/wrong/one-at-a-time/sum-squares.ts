// WRONG: the right pool, reused, and every worker gets its share — but the loop awaits each answer
// before sending the next range. Only one range is ever being computed; the other workers wait their
// turn, so a pool of N runs no faster than a single worker. The sums are right.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

function ask(worker: Worker, task: Range): Promise<Sum> {
	return new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
		worker.postMessage(task);
	});
}

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const sums = new Array<number>(ranges.length);
	try {
		for (let index = 0; index < ranges.length; index++) {
			const [from, to] = ranges[index]!;
			const answer = await ask(workers[index % size]!, { index, from, to }); // waits before the next
			sums[answer.index] = answer.sum;
		}
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
	return sums;
}
