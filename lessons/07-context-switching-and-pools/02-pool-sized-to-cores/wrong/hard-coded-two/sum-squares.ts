// WRONG: "the grader has 2 cores": a well-made pool, but its size is hard-coded to 2 instead of asking
// os.availableParallelism(). Right on a 2-core machine only; on any other it leaves cores idle or
// starts too many workers.
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

const CORES = 2;

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const sums = new Array<number>(ranges.length);
	let next = 0;
	const workers = Array.from({ length: CORES }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const sendNext = () => {
				if (next >= ranges.length) return resolve();
				const [from, to] = ranges[next]!;
				worker.postMessage({ index: next, from, to } satisfies Range);
				next++;
			};
			worker.on('message', (answer: Sum) => {
				sums[answer.index] = answer.sum;
				sendNext();
			});
			worker.once('error', reject);
			sendNext();
		});
	await Promise.all(workers.map(drain));
	await Promise.all(workers.map((worker) => worker.terminate()));
	return sums;
}
