// Wrong: one mailbox slot instead of a queue. Each promise that settles overwrites the slot and wakes
// the generator; that works while promises settle one at a time and the caller is always waiting, but
// two that settle in the same tick (or while the caller is busy) leave only the last one: the others are lost.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	let slot: Settled<T> | undefined;
	let wake: (() => void) | undefined;
	const deliver = (item: Settled<T>) => {
		slot = item;
		wake?.();
		wake = undefined;
	};
	promises.forEach((promise, index) => {
		promise.then(
			(value) => deliver({ index, status: 'fulfilled', value }),
			(reason) => deliver({ index, status: 'rejected', reason }),
		);
	});
	for (let given = 0; given < promises.length; given++) {
		if (slot === undefined) await new Promise<void>((resolve) => (wake = resolve));
		const item = slot!;
		slot = undefined;
		yield item;
	}
}
