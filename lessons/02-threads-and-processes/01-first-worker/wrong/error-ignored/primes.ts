// WRONG: "reject if the worker fails" is left out. The 'error' listener only keeps the process from
// crashing, and the exit resolves whatever it has: a failed worker gives a count of undefined
// instead of a rejection.
import { Worker } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

export function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	return new Promise((resolve) => {
		const worker = new Worker(new URL('./primes-worker.js', import.meta.url), { workerData: { limit } });
		const threadId = worker.threadId;
		let count: number | undefined;
		worker.once('message', (n: number) => (count = n));
		worker.on('error', (error) => console.error('worker failed:', error.message));
		worker.once('exit', () => resolve({ count: count!, threadId }));
	});
}
