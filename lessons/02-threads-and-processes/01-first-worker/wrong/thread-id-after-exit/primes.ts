// WRONG: waits for the worker to exit and only then reads worker.threadId. A worker that has exited
// reports threadId -1, so the id returned is not the worker's.
import { Worker } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./primes-worker.js', import.meta.url), { workerData: { limit } });
		let count = 0;
		worker.once('message', (n: number) => (count = n));
		worker.once('error', reject);
		worker.once('exit', () => resolve({ count, threadId: worker.threadId }));
	});
}
