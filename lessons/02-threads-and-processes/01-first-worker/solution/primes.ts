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
		let count: number | undefined;
		worker.once('message', (answer: number) => (count = answer));
		worker.once('error', reject);
		// The message comes first, the exit a moment later: resolve once the worker has ended.
		worker.once('exit', (code) => {
			if (code === 0 && count !== undefined) resolve({ count, threadId });
			else reject(new Error(`the worker exited with code ${code}${count === undefined ? ' before answering' : ''}`));
		});
	});
}
