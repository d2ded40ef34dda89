// Wrong: checks every 100 ms which promises have settled since the last look, and yields those. The order
// is right and nothing is lost, but an outcome can wait up to 100 ms for the next look, while later
// promises settle: it is not handed over as soon as its promise settles.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

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
		await new Promise((resolve) => setTimeout(resolve, 100));
		while (ready.length > 0) {
			given++;
			yield ready.shift()!;
		}
	}
}
