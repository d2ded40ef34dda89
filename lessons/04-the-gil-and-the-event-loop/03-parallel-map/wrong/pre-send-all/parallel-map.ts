// Wrong: it deals every range out at the start, round-robin, and then only collects answers. The
// workers queue their ranges in their message ports, so a worker stuck on a long range keeps ranges
// that a free worker could have taken.
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const results: number[] = new Array(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	let left = ranges.length;
	await new Promise<void>((resolve, reject) => {
		for (const worker of workers) {
			worker.on('message', (answer: Answer) => {
				results[answer.id] = answer.count;
				if (--left === 0) resolve();
			});
			worker.once('error', reject);
		}
		ranges.forEach(([from, to], id) => workers[id % size]!.postMessage({ id, from, to }));
	});
	const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
	for (const worker of workers) worker.postMessage('stop');
	await Promise.all(exits);
	return results;
}
