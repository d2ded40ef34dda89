// Wrong: awaits the promises one by one, in the order they were given. A slow first promise holds
// back every result behind it, even those that finished long ago: this is input order, not completion order.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	for (const [index, promise] of promises.entries()) {
		try {
			yield { index, status: 'fulfilled', value: await promise };
		} catch (reason) {
			yield { index, status: 'rejected', reason };
		}
	}
}
