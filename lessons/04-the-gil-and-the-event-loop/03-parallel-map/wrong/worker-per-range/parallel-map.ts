// Wrong: one new worker per range, all at once. It is parallel, but it ignores `size`: twelve
// engines start and compete for two cores, and each start costs tens of milliseconds and memory.
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

function countInNewWorker(id: number, [from, to]: Range): Promise<number> {
	const worker = new Worker(new URL('./map-worker.js', import.meta.url));
	return new Promise((resolve, reject) => {
		worker.once('message', (answer: Answer) => {
			worker.postMessage('stop');
			resolve(answer.count);
		});
		worker.once('error', reject);
		worker.postMessage({ id, from, to });
	});
}

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	return Promise.all(ranges.map((range, i) => countInNewWorker(i, range)));
}
