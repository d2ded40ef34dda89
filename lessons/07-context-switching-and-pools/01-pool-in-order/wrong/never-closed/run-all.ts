// WRONG: a correct pool while it works, but it never ends its workers. Each one still has a
// 'message' listener on its parentPort, so it waits for more tasks forever: the program that
// called runAll can never exit on its own.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
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
				results[answer.index] = answer.steps;
				sendNext();
			});
			worker.once('error', reject);
			sendNext();
		});
	await Promise.all(workers.map(drain));
	return results; // the workers are still alive
}
