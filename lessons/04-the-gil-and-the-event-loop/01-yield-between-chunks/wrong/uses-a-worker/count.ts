// Wrong for this exercise: it keeps the loop free by counting in a worker thread. That is the next
// exercise; this one is about sharing the one main thread fairly, with no workers.
import { Worker } from 'node:worker_threads';

export function countPrimesBelow(limit: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: limit });
		worker.once('message', resolve);
		worker.once('error', reject);
	});
}
