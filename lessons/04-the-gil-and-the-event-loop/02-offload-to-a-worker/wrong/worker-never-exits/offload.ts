// Wrong: the answer arrives, but the worker never ends. count-worker.ts keeps listening for messages,
// and nobody closes its port or terminates it, so a thread stays alive after the function returned.
import { Worker } from 'node:worker_threads';

export function countPrimesInWorker(limit: number): Promise<number> {
	const worker = new Worker(new URL('./count-worker.js', import.meta.url));
	worker.postMessage(limit);
	return new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
}
