// WRONG: a correct pool, but it calls worker.terminate() without waiting for it and resolves at once.
// terminate() only asks: the workers are still running when runAll's promise settles.
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
				worker.postMessage({ index: next, n: inputs[next]! } satisfies Task);
				next++;
			};
			worker.on('message', (answer: Answer) => {
				results[answer.index] = answer.steps;
				sendNext();
			});
			worker.once('error', reject);
			sendNext();
		});
	await Promise.all(workers.map(drain));
	for (const worker of workers) void worker.terminate();
	return results;
}
