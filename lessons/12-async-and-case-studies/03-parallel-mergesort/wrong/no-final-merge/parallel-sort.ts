// Wrong: the workers sort their slices, and that is where it stops: the sorted slices are never merged.
// The array ends up as two sorted runs side by side, not one sorted array.
import { Worker } from 'node:worker_threads';

function sortSlice(data: Int32Array, lo: number, hi: number): Promise<void> {
	return new Promise((resolve, reject) => {
		// workerData is cloned, but a SharedArrayBuffer inside it is shared: no copy of the numbers.
		const worker = new Worker(new URL('./sort-worker.js', import.meta.url), { workerData: { data, lo, hi } });
		worker.once('message', () => resolve());
		worker.once('error', reject);
	});
}

/**
 * Sorts `data` (a view over a SharedArrayBuffer) in place: `parts` workers each sort one slice at the
 * same time, then the sorted slices are merged back into `data`.
 */
export async function parallelSort(data: Int32Array, parts: number): Promise<void> {
	const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.floor((i * data.length) / parts));
	// Start every worker first, then wait for all of them: the slices are sorted at the same time.
	await Promise.all(bounds.slice(0, -1).map((lo, i) => sortSlice(data, lo, bounds[i + 1]!)));
	// Each slice is sorted, so the array is sorted... isn't it? (No: [1 5 9 | 2 3 4] is two sorted runs.)
}
