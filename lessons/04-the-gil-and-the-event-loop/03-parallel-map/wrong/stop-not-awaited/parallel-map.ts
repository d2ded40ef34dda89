// Wrong: a correct pool, except that it resolves as soon as it has sent every worker 'stop'. The
// workers are still shutting down then: the promise resolves before they have exited.
import { Worker } from 'node:worker_threads';
import type { Answer, Task } from './map-worker.js';

/** A range of numbers [from, to). */
export type Range = [from: number, to: number];

/** Resolves when the worker has exited. */
const exited = (worker: Worker) => new Promise<void>((resolve) => worker.once('exit', () => resolve()));

/**
 * Counts the primes in every range, using `size` workers (map-worker.ts) at the same time.
 * Resolves with one count per range, in the same order as `ranges`.
 */
export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const results: number[] = new Array(ranges.length);
	let next = 0; // index of the next range nobody has taken yet
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	const ends = workers.map(exited);

	// Each worker takes the next range as soon as it has answered the previous one, so a worker that
	// got a long range does not hold the others up.
	const serve = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const giveNext = () => {
				if (next >= ranges.length) return resolve();
				const id = next++;
				const [from, to] = ranges[id]!;
				const task: Task = { id, from, to };
				worker.postMessage(task);
			};
			worker.on('message', (answer: Answer) => {
				results[answer.id] = answer.count; // by id: answers come back in whatever order they finish
				giveNext();
			});
			worker.once('error', reject);
			giveNext();
		});

	try {
		await Promise.all(workers.map(serve));
	} finally {
		for (const worker of workers) worker.postMessage('stop'); // a clean stop: each worker exits by itself
		void ends; // the workers are asked to stop, but nobody waits for them to exit
	}
	return results;
}
