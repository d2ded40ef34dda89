/**
 * Adds 1 to counter[0], `times` times. Other threads run this at the same moment on the same
 * counter (a view of one SharedArrayBuffer), and not one of their additions may be lost.
 */
export function addMany(counter: Int32Array, times: number): void {
	throw new Error('not written yet');
}
