// WRONG: games the thread id. "The first worker is always thread 1", so it returns 1 instead of reading
// worker.threadId. Any other worker started in the same process before it (here: the grader's) moves
// the id on.
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
		worker.once('exit', () => resolve({ count, threadId: 1 }));
	});
}
