// Run primes-worker.ts in a worker thread and return what it computed, plus the worker's threadId.
import { Worker } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./primes-worker.js', import.meta.url), { workerData: { limit } });
		// Read threadId now: once the worker has exited, worker.threadId is -1.
		const threadId = worker.threadId;
		worker.once('message', (count: number) => resolve({ count, threadId }));
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code !== 0) reject(new Error(`the worker exited with code ${code} before answering`));
		});
	});
}
