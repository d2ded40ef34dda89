// Wrong: counts the outcomes it has given from 1 instead of 0, so it ends one early: the last promise to
// settle never comes out (the loop looks right when every test has one slow straggler nobody checks).
export type Settled<T> =
	| { index: number; status: 'fulfilled'; value: T }
	| { index: number; status: 'rejected'; reason: unknown };

export async function* asCompleted<T>(promises: Promise<T>[]): AsyncGenerator<Settled<T>> {
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
	for (let given = 1; given < promises.length; given++) {
		if (ready.length === 0) await new Promise<void>((resolve) => (wake = resolve));
		yield ready.shift()!;
	}
}
