// Wrong: it rejects on the worker's 'error' event only. A worker can also fail without one (it calls
// process.exit with a code other than 0, or is terminated): then it posts nothing, exits with that
// code, and this promise resolves with undefined instead of rejecting.
import { Worker } from 'node:worker_threads';

export function countPrimesInWorker(limit: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./count-worker.js', import.meta.url), { workerData: limit });
		let count: number | undefined;
		worker.once('message', (answer: number) => (count = answer));
		worker.once('error', reject);
		worker.once('exit', () => resolve(count!));
	});
}
