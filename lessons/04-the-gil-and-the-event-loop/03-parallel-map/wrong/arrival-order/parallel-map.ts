// Wrong: really parallel, but it stores each answer in the order it arrives. The first range is the
// longest, so its count arrives last and every result ends up in the wrong place.
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const results: number[] = [];
	let next = 0;
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	await Promise.all(
		workers.map(
			(worker) =>
				new Promise<void>((resolve) => {
					const giveNext = () => {
						if (next >= ranges.length) return resolve();
						const id = next++;
						worker.postMessage({ id, from: ranges[id]![0], to: ranges[id]![1] });
					};
					worker.on('message', (answer: Answer) => {
						results.push(answer.count);
						giveNext();
					});
					giveNext();
				}),
		),
	);
	for (const worker of workers) worker.postMessage('stop');
	return results;
}
