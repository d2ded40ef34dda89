// WRONG: hands out tasks in batches of `size` and waits for the whole batch to answer before sending
// the next one. Every worker that answers early sits idle until the slowest task of its batch is done:
// "when it answers, give it the next task" is not what happens.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	const ask = (worker: Worker, task: Task) =>
		new Promise<void>((resolve, reject) => {
			worker.once('message', (answer: Answer) => {
				results[answer.index] = answer.steps;
				resolve();
			});
			worker.once('error', reject);
			worker.postMessage(task);
		});
	for (let start = 0; start < inputs.length; start += size) {
		const batch = workers.slice(0, Math.min(size, inputs.length - start));
		await Promise.all(batch.map((worker, k) => ask(worker, { index: start + k, n: inputs[start + k]! })));
	}
	await Promise.all(workers.map((worker) => worker.terminate()));
	return results;
}
