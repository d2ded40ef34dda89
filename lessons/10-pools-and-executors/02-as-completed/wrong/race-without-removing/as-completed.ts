// Wrong: races all the promises, yields the winner, and races again — with the winner still in the
// race. A settled promise wins every race after that, so the first result comes out again and again.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	const tagged = promises.map((promise, index) =>
		promise.then(
			(value): Settled<T> => ({ index, status: 'fulfilled', value }),
			(reason): Settled<T> => ({ index, status: 'rejected', reason }),
		),
	);
	for (let given = 0; given < promises.length; given++) {
		yield await Promise.race(tagged); // forgot to take the winner out of `tagged`
	}
}
