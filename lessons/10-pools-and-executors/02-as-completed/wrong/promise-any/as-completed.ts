// Wrong: waits with Promise.any over the promises still pending. Promise.any ignores rejections until
// every remaining promise has rejected, so a rejected promise is not handed over when it settles: it
// comes out at the end, or after the next fulfilment.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	const pending = new Map(promises.map((promise, index) => [index, promise.then((value) => ({ index, value }))]));
	const rejected: Settled<T>[] = [];
	promises.forEach((promise, index) => promise.catch((reason) => rejected.push({ index, status: 'rejected', reason })));
	while (pending.size > 0) {
		try {
			const { index, value } = await Promise.any(pending.values());
			pending.delete(index);
			yield { index, status: 'fulfilled', value };
		} catch {
			// every remaining promise rejected
			for (const item of rejected) pending.delete(item.index);
		}
		while (rejected.length > 0) {
			const item = rejected.shift()!;
			pending.delete(item.index);
			yield item;
		}
	}
}
