// Wrong: sorts the whole array on the main thread with the same merge sort. The result is right, but
// it uses one core, and blocks the event loop for the whole sort.
import { sortRange } from './merge-sort.js';

export async function parallelSort(data: Int32Array, parts: number): Promise<void> {
	sortRange(data, 0, data.length);
}
