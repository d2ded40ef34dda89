// WRONG: one worker per core, each working through a list dealt out in advance (worker k gets ranges
// k, k + size, k + 2·size, …), one at a time. A worker stuck on a slow range holds up its own list
// while the others run out early: a free worker never gets "the next range nobody has taken".
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const sums = new Array<number>(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const drain = (worker: Worker, k: number) =>
		new Promise<void>((resolve, reject) => {
			let mine = k;
			const sendNext = () => {
				if (mine >= ranges.length) return resolve();
				const [from, to] = ranges[mine]!;
				worker.postMessage({ index: mine, from, to } satisfies Range);
				mine += size;
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
