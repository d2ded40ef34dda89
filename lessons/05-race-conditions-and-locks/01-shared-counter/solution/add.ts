/**
 * Adds 1 to counter[0], `times` times. Other threads run this at the same moment on the same
 * counter (a view of one SharedArrayBuffer), and not one of their additions may be lost.
 */
export function addMany(counter: Int32Array, times: number): void {
	for (let i = 0; i < times; i++) {
		// One indivisible read-add-write: no other thread can slip in between the read and the write.
		Atomics.add(counter, 0, 1);
	}
}
