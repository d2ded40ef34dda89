// WRONG: one worker per core, but the ranges go out in batches of one per worker, and the next batch
// waits until the whole batch has answered. A worker that finished early sits idle until the slowest
// range of its batch is done: "when a worker answers, give it the next range" is not what happens.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const sums = new Array<number>(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const ask = (worker: Worker, index: number) =>
		new Promise<void>((resolve, reject) => {
			worker.once('message', (answer: Sum) => {
				sums[answer.index] = answer.sum;
				resolve();
			});
			worker.once('error', reject);
			const [from, to] = ranges[index]!;
			worker.postMessage({ index, from, to } satisfies Range);
		});
	for (let start = 0; start < ranges.length; start += size) {
		const batch = workers.slice(0, Math.min(size, ranges.length - start));
		await Promise.all(batch.map((worker, k) => ask(worker, start + k)));
	}
	await Promise.all(workers.map((worker) => worker.terminate()));
	return sums;
}
