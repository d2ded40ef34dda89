// WRONG: limits itself to `size` workers at a time, but starts a fresh worker for every task and
// ends it after one answer. 200 tasks = 200 worker start-ups (a new V8 isolate each, tens of ms),
// which is exactly the cost a pool exists to avoid. The answers are right.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './task-worker.js';

function runInNewWorker(task: Task): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./task-worker.js', import.meta.url));
		worker.once('message', (answer: Answer) => {
			resolve(answer);
			void worker.terminate();
		});
		worker.once('error', reject);
		worker.postMessage(task);
	});
}

export async function runAll(inputs: number[], size: number): Promise<number[]> {
	const results = new Array<number>(inputs.length);
	let next = 0;
	const lane = async () => {
		while (next < inputs.length) {
			const index = next++;
			const answer = await runInNewWorker({ index, n: inputs[index]! });
			results[answer.index] = answer.steps;
		}
	};
	await Promise.all(Array.from({ length: size }, lane));
	return results;
}
