// WRONG: "more workers, more speed": starts four workers per core. The work is pure CPU, so only
// availableParallelism() of them can run at any moment; the others wait for the OS to switch them in.
// Nothing finishes sooner, each extra worker costs a start-up and memory, and the OS spends time
// switching between threads. The sums are right.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = availableParallelism() * 4;
	const sums = new Array<number>(ranges.length);
	let next = 0;
	const workers = Array.from({ length: size }, () => new Worker(new URL('./square-worker.js', import.meta.url)));
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const sendNext = () => {
				if (next >= ranges.length) return resolve();
				const [from, to] = ranges[next]!;
				const task: Range = { index: next, from, to };
				next++;
				worker.postMessage(task);
			};
			worker.on('message', (answer: Sum) => {
				sums[answer.index] = answer.sum;
				sendNext();
			});
			worker.once('error', reject);
			sendNext();
		});
	try {
		await Promise.all(workers.map(drain));
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
	return sums;
}
