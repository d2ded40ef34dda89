// Wrong: the workers sort their slices at the same time, and then, instead of merging the sorted slices,
// the main thread calls the built-in sort on the whole array. It ends sorted, and the built-in sort is
// fast enough on sorted runs to stay inside the main thread's CPU share, but the main thread sorted.
import { Worker } from 'node:worker_threads';

function sortSlice(data: Int32Array, lo: number, hi: number): Promise<void> {
	return new Promise((resolve, reject) => {
		// workerData is cloned, but a SharedArrayBuffer inside it is shared: no copy of the numbers.
		const worker = new Worker(new URL('./sort-worker.js', import.meta.url), { workerData: { data, lo, hi } });
		worker.once('message', () => resolve());
		worker.once('error', reject);
	});
}

export async function parallelSort(data: Int32Array, parts: number): Promise<void> {
	const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.floor((i * data.length) / parts));
	await Promise.all(bounds.slice(0, -1).map((lo, i) => sortSlice(data, lo, bounds[i + 1]!)));
	// Merging is fiddly; the built-in sort does it in one line.
	data.sort();
}
