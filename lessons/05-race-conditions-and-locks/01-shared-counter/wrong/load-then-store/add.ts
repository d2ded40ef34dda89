// Wrong: each Atomics call is atomic, but the pair is not. Between the load and the store another
// worker can store its own value + 1, and this store overwrites it: a lost update, just rarer-looking.
export function addMany(counter: Int32Array, times: number): void {
	for (let i = 0; i < times; i++) {
		Atomics.store(counter, 0, Atomics.load(counter, 0) + 1);
	}
}
