// WRONG: a real pool, but the queue of waiting tasks is a stack: a free worker takes the LAST task
// nobody has taken (inputs.pop-style), not the next one in input order. The answers still land in their
// slots, yet the first tasks are served last.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	const waiting = inputs.map((_, index) => index);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	const drain = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const sendNext = () => {
				const index = waiting.pop();
				if (index === undefined) return resolve();
				worker.postMessage({ index, n: inputs[index]! } satisfies Task);
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
