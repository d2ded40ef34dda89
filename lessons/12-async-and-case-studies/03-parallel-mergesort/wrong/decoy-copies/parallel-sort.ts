// Wrong (games the signals): starts one worker per slice, and the workers really sort, but copies of
// their slices; meanwhile the main thread sorts the shared array itself. The workers look busy on two
// cores, and the array ends up sorted, but the work that counts was done on the main thread.
import { Worker } from 'node:worker_threads';
import { sortRange } from './merge-sort.js';

export async function parallelSort(data: Int32Array, parts: number): Promise<void> {
	const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.floor((i * data.length) / parts));
	const busy = bounds.slice(0, -1).map(
		(lo, i) =>
			new Promise<void>((resolve, reject) => {
				const copy = new Int32Array(new SharedArrayBuffer((bounds[i + 1]! - lo) * 4));
				copy.set(data.subarray(lo, bounds[i + 1]!));
				const worker = new Worker(new URL('./sort-worker.js', import.meta.url), { workerData: { data: copy, lo: 0, hi: copy.length } });
				worker.once('message', () => resolve());
				worker.once('error', reject);
			}),
	);
	sortRange(data, 0, data.length);
	await Promise.all(busy);
}
