// WRONG: one worker per core, but every range is posted at once, round-robin, before any answer came
// back. The ranges queue up in the workers' inboxes and the split is fixed in advance: a worker that
// drew slow ranges keeps the others waiting at the end.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const sums = new Array<number>(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	let answered = 0;
	await new Promise<void>((resolve, reject) => {
		for (const worker of workers) {
			worker.on('message', (answer: Sum) => {
				sums[answer.index] = answer.sum;
				if (++answered === ranges.length) resolve();
			});
			worker.once('error', reject);
		}
		ranges.forEach(([from, to], index) => workers[index % size]!.postMessage({ index, from, to } satisfies Range));
	});
	await Promise.all(workers.map((worker) => worker.terminate()));
	return sums;
}
