// Wrong: resolves as soon as the count arrives. The worker is still running then (its 'exit' comes a
// moment after its message), so the promise resolves before the worker has ended.
import { Worker } from 'node:worker_threads';

export function countPrimesInWorker(limit: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: limit });
		worker.once('message', (count: number) => resolve(count));
		worker.once('error', reject);
		worker.once('exit', (code) => {
			if (code !== 0) reject(new Error(`count-worker stopped with exit code ${code}`));
		});
	});
}
