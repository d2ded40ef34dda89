// WRONG (games the signals): starts one worker per core and keeps them trading tiny decoy ranges, so
// there are plenty of messages and answers, while the main thread computes every real sum itself.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

const P = 1_000_003;

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism();
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	let decoys = ranges.length;
	await Promise.all(
		workers.map(
			(worker) =>
				new Promise<void>((resolve) => {
					const sendNext = () => {
						if (decoys-- <= 0) return resolve();
						worker.postMessage({ index: -1, from: 0, to: 10 } satisfies Range);
					};
					worker.on('message', (_: Sum) => sendNext());
					sendNext();
				}),
		),
	);
	const sums = ranges.map(([from, to]) => {
		let sum = 0;
		for (let i = from; i < to; i++) sum = (sum + i * i) % P;
		return sum;
	});
	await Promise.all(workers.map((worker) => worker.terminate()));
	return sums;
}
