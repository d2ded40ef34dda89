import { Worker } from 'node:worker_threads';
import { mergeRuns } from './merge-sort.js';

/**
 * Sorts `data` (a view over a SharedArrayBuffer) in place: `parts` workers each sort one slice at the
 * same time, then the sorted slices are merged back into `data`.
 */
export async function parallelSort(data: Int32Array, parts: number): Promise<void> {
	throw new Error('not written yet');
}

void Worker;
void mergeRuns;
