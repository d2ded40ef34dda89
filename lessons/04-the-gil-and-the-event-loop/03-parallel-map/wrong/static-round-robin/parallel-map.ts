// Wrong: each worker gets a fixed share of the ranges decided up front (worker k takes ranges k,
// k + size, k + 2·size, …), one at a time. When one worker draws a long range, the others run ahead
// through their own shares, and the next range nobody has taken waits for the busy worker.
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

export async function parallelMap(ranges: Range[], size: number): Promise<number[]> {
	const results: number[] = new Array(ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	const serve = (worker: Worker, k: number) =>
		new Promise<void>((resolve, reject) => {
			let next = k;
			const send = () => {
				if (next >= ranges.length) return resolve();
				worker.postMessage({ id: next, from: ranges[next]![0], to: ranges[next]![1] });
				next += size;
			};
			worker.on('message', (answer: Answer) => {
				results[answer.id] = answer.count;
				send();
			});
			worker.once('error', reject);
			send();
		});
	await Promise.all(workers.map(serve));
	const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
	for (const worker of workers) worker.postMessage('stop');
	await Promise.all(exits);
	return results;
}
