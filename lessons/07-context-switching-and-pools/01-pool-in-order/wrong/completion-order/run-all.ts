// WRONG: a proper pool of `size` reused workers, but each answer is pushed onto the end of the
// results as it arrives. Answers arrive in completion order (tasks take different times, and the
// workers race each other), so the results no longer line up with the inputs.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results: number[] = [];
	let next = 0;
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const sendNext = () => {
				if (next >= inputs.length) return resolve();
				const task: Task = { index: next, n: inputs[next]! };
				next++;
				worker.postMessage(task);
			};
			worker.on('message', (answer: Answer) => {
				results.push(answer.steps); // the index in the answer is ignored
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
	return results;
}
