// Wrong: ignores `parts` and always splits into two slices (the machine has two cores, and the
// examples used 2): a caller who asks for 3 or 4 parts still gets two workers.
import { Worker } from 'node:worker_threads';
import { mergeRuns } from './merge-sort.js';

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
export async function parallelSort(data: Int32Array, _parts: number): Promise<void> {
	const parts = 2; // two cores on this machine, so two parts
	const bounds = Array.from({ length: parts + 1 }, (_, i) => Math.floor((i * data.length) / parts));
	// Start every worker first, then wait for all of them: the slices are sorted at the same time.
	await Promise.all(bounds.slice(0, -1).map((lo, i) => sortSlice(data, lo, bounds[i + 1]!)));

	// Merge neighbouring sorted runs, pairwise, until one run is left (one round for two parts).
	let runs = bounds;
	let src: Int32Array = data;
	let dst: Int32Array = new Int32Array(data.length);
	while (runs.length > 2) {
		const next = [0];
		for (let r = 0; r + 1 < runs.length; r += 2) {
			const lo = runs[r]!;
			const mid = runs[r + 1]!;
			const hi = runs[r + 2] ?? mid;
			if (hi > mid) mergeRuns(src, lo, mid, hi, dst);
			else dst.set(src.subarray(lo, mid), lo); // an odd run out: copy it over as it is
			next.push(hi);
		}
		[src, dst] = [dst, src];
		runs = next;
	}
	if (src !== data) data.set(src);
}
