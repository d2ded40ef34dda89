/** One settled promise, tagged with its position in the input (like Promise.allSettled's items, plus `index`). */
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

/**
 * Yields every promise's outcome as soon as it settles: first finished, first out.
 * Node's version of Python's concurrent.futures.as_completed(futures).
 */
export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	throw new Error('not written yet');
}
