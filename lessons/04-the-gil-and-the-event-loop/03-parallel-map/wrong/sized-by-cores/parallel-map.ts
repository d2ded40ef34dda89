// Wrong: it sizes the pool by the machine's core count instead of the `size` it was given. The
// caller asked for `size` workers; os.availableParallelism() is another number.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Answer } from './map-worker.js';

export type Range = [from: number, to: number];

export async function parallelMap(ranges: Range[], _size: number): Promise<number[]> {
	const size = availableParallelism();
	const results: number[] = new Array(ranges.length);
	let next = 0;
	const workers = Array.from({ length: size }, () => new Worker(new URL('./map-worker.js', import.meta.url)));
	const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
	const serve = (worker: Worker) =>
		new Promise<void>((resolve, reject) => {
			const giveNext = () => {
				if (next >= ranges.length) return resolve();
				const id = next++;
				worker.postMessage({ id, from: ranges[id]![0], to: ranges[id]![1] });
			};
			worker.on('message', (answer: Answer) => {
				results[answer.id] = answer.count;
				giveNext();
			});
			worker.once('error', reject);
			giveNext();
		});
	await Promise.all(workers.map(serve));
	for (const worker of workers) worker.postMessage('stop');
	await Promise.all(exits);
	return results;
}
