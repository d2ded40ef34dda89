import { Worker } from 'node:worker_threads';

/**
 * How many primes there are below `limit`, counted in a worker thread (count-worker.ts), so that the
 * main thread's event loop stays free the whole time.
 */
export function countPrimesInWorker(limit: number): Promise<number> {
	return new Promise((resolve, reject) => {
		// The worker runs count-worker.js (the compiled count-worker.ts) on a thread of its own.
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: limit });
		let count: number | undefined;
		worker.once('message', (answer: number) => (count = answer));
		worker.once('error', reject);
		// The message comes a moment before the worker has ended: resolve once it has.
		worker.once('exit', (code) => {
			if (code !== 0) reject(new Error(`count-worker stopped with exit code ${code}`));
			else resolve(count!);
		});
	});
}
