// Wrong: notes when each promise settles, waits for ALL of them, then yields them sorted by finishing
// time. The order is right, but the first result comes out only after the slowest task has finished:
// nobody could start using an early result early.
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
	const finished: Settled<T>[] = [];
	await Promise.allSettled(
		promises.map((promise, index) =>
			promise.then(
				(value) => void finished.push({ index, status: 'fulfilled', value }),
				(reason) => void finished.push({ index, status: 'rejected', reason }),
			),
		),
	);
	yield* finished;
}
