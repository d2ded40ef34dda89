// Reference: `size` workers, each pulling the next task as soon as it answers the last one.
// Every answer carries its index, so it lands in its own slot whatever order answers arrive in.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	let next = 0; // the shared queue is just the next index nobody has taken yet

	const workers = Array.from(
		{ length: Math.min(size, inputs.length) },
		() => new Worker(new URL('./task-worker.js', import.meta.url)),
	);

	// One loop per worker: send a task, wait for its answer, send the next, until none are left.
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

	try {
		await Promise.all(workers.map(drain));
	} finally {
		// The workers are idle now (every task was answered): ending them loses nothing.
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
	return results;
}
