/** One settled promise, tagged with its position in the input (like Promise.allSettled's items, plus `index`). */
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

/**
 * Yields every promise's outcome as soon as it settles: first finished, first out.
 * Node's version of Python's concurrent.futures.as_completed(futures).
 */
export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	// Each promise, when it settles, drops its outcome into a queue and wakes the generator if it sleeps.
	const ready: Settled<T>[] = [];
	let wake: (() => void) | undefined;
	promises.forEach((promise, index) => {
		promise.then(
			(value) => ready.push({ index, status: 'fulfilled', value }),
			(reason) => ready.push({ index, status: 'rejected', reason }),
		).then(() => {
			wake?.();
			wake = undefined;
		});
	});
	for (let given = 0; given < promises.length; given++) {
		if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
		yield ready.shift()!;
	}
}
