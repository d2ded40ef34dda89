// Wrong: the known polling mistake with a short timer: outcomes go into a list as promises settle, and the
// generator looks at the list every 15 ms. Fast enough to beat the next group of promises, but each item
// still waits for the timer's next look instead of being handed over when its promise settles.
/** One settled promise, tagged with its position in the input (like Promise.allSettled's items, plus `index`). */
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

/** How often to look for newly settled promises, ms. */
const POLL_MS = 15;

/**
 * Yields every promise's outcome in the order they settle: each settled promise drops its outcome in a
 * list, and the generator looks at the list every few milliseconds.
 */
export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	const ready: Settled<T>[] = [];
	promises.forEach((promise, index) => {
		promise.then(
			(value) => ready.push({ index, status: 'fulfilled', value }),
			(reason) => ready.push({ index, status: 'rejected', reason }),
		);
	});
	let given = 0;
	while (given < promises.length) {
		while (ready.length > 0) {
			given++;
			yield ready.shift()!;
		}
		if (given < promises.length) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}
