// The main side of the shared-counter exercise. You do not need to change this file.
import { Worker } from 'node:worker_threads';

/**
 * Starts `workers` workers that each call addMany(counter, times) on the same shared counter, waits
 * until all have finished, and returns the counter. With no lost update it is workers × times.
 */
export async function countTogether(workers: number, times: number): Promise<number> {
	const counter = new SharedArrayBuffer(4);
	const gate = new SharedArrayBuffer(4);
	const finished = Array.from({ length: workers }, () => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), {
			workerData: { counter, gate, workers, times },
		});
		return new Promise<void>((resolve, reject) => {
			worker.once('error', reject);
			worker.once('exit', () => resolve());
		});
	});
	await Promise.all(finished);
	return Atomics.load(new Int32Array(counter), 0);
}
