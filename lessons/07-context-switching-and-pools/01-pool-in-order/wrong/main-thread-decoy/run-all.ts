// WRONG (games the signals): starts `size` workers and keeps them busy with a few decoy tasks, but
// computes the real answers on the main thread itself. The pool does none of the work the task gives it.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

function collatzSteps(n: number): number {
	let steps = 0;
	while (n !== 1) {
		n = n % 2 === 0 ? n / 2 : 3 * n + 1;
		steps++;
	}
	return steps;
}

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const workers = Array.from({ length: size }, () => new Worker(new URL('./task-worker.js', import.meta.url)));
	await Promise.all(
		workers.map(
			(worker, k) =>
				new Promise<void>((resolve) => {
					worker.once('message', (_: Answer) => resolve());
					worker.postMessage({ index: k, n: inputs[k]! } satisfies Task);
				}),
		),
	);
	const results = inputs.map(collatzSteps);
	await Promise.all(workers.map((worker) => worker.terminate()));
	return results;
}
