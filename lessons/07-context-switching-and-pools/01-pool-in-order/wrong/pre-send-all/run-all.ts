// WRONG: posts every task at once, round-robin, and then just collects the answers. The tasks pile up
// in each worker's message queue: the split is fixed before any worker has answered, so a worker that
// drew slow tasks keeps the others waiting at the end. Nothing is handed out "when it answers".
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	let answered = 0;
	await new Promise<void>((resolve, reject) => {
		for (const worker of workers) {
			worker.on('message', (answer: Answer) => {
				results[answer.index] = answer.steps;
				if (++answered === inputs.length) resolve();
			});
			worker.once('error', reject);
		}
		inputs.forEach((n, index) => workers[index % size]!.postMessage({ index, n } satisfies Task));
	});
	await Promise.all(workers.map((worker) => worker.terminate()));
	return results;
}
