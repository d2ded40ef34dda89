// WRONG: a fabricated answer. It starts the worker (so a worker is seen to run) but counts the primes
// on the main thread itself and returns that count: the worker's answer is never used.
import { Worker } from 'node:worker_threads';

export interface WorkerAnswer {
	count: number;
	threadId: number;
}

function countPrimes(limit: number): number {
	const composite = new Uint8Array(limit);
	let count = 0;
	for (let n = 2; n < limit; n++) {
		if (composite[n]) continue;
		count++;
		for (let m = n * n; m < limit; m += n) composite[m] = 1;
	}
	return count;
}

export function countPrimesInWorker(limit: number): Promise<WorkerAnswer> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./primes-worker.js', import.meta.url), { workerData: { limit } });
		const threadId = worker.threadId;
		worker.once('error', reject);
		const count = countPrimes(limit);
		worker.once('exit', () => resolve({ count, threadId }));
	});
}
