// WRONG: deals the tasks out in advance, round-robin (worker k gets tasks k, k + size, k + 2·size, …),
// and each worker works through its own list one task at a time. A worker that drew slow tasks falls
// behind while the others run out early: a free worker does not get "the next task nobody has taken",
// it gets the next one of its own list.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	const drain = (worker: Worker, k: number) =>
		new Promise<void>((resolve, reject) => {
			let mine = k;
			const sendNext = () => {
				if (mine >= inputs.length) return resolve();
				worker.postMessage({ index: mine, n: inputs[mine]! } satisfies Task);
				mine += size;
			};
			worker.on('message', (answer: Answer) => {
				results[answer.index] = answer.steps;
				sendNext();
			});
			worker.once('error', reject);
			sendNext();
		});
	await Promise.all(workers.map(drain));
	await Promise.all(workers.map((worker) => worker.terminate()));
	return results;
}
