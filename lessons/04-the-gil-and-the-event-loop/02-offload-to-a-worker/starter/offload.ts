import { Worker } from 'node:worker_threads';

/**
 * How many primes there are below `limit`, counted in a worker thread (count-worker.ts), so that the
 * main thread's event loop stays free the whole time.
 */
export function countPrimesInWorker(limit: number): Promise<number> {
	throw new Error('not written yet');
}
