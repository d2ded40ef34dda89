// WRONG: resolves as soon as the count arrives. The worker has posted its message but has not exited
// yet: the promise resolves while the worker thread is still running.
import { Worker } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./primes-worker.js', import.meta.url), { workerData: { limit } });
		const threadId = worker.threadId;
		worker.once('message', (count: number) => resolve({ count, threadId }));
		worker.once('error', reject);
	});
}
