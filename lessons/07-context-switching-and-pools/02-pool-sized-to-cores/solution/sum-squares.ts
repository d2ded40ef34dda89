// Reference: one worker per core (os.availableParallelism()), each taking the next range as soon as it
// has answered the last one. More workers than cores would not finish sooner: the OS would only switch
// between them more often.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range, Sum } from './square-worker.js';

export async function sumAll(ranges: Array<[from: number, to: number]>): Promise<number[]> {
	const size = Math.min(availableParallelism(), ranges.length);
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
